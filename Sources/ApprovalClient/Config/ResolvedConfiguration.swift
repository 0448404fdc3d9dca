import ApprovalModel
import Foundation

/// What the console and CLI connect to, and how, after flags, environment and files were
/// weighed (see ``Configuration/resolve(flags:environment:files:)``).
///
/// `description` never shows the token itself.
public struct ResolvedConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// The server; nil when nothing names one (the console then starts an embedded server).
    public var server: URL?
    public var serverSource: ConfigurationSource?
    /// The bearer token, trimmed; nil when none is configured.
    public var token: String?
    public var tokenSource: ConfigurationSource?
    /// The file the token was read from, when it came from a file.
    public var tokenFile: String?
    /// How often to poll; at least 0.2 s, 2 s unless configured.
    public var pollInterval: Duration
    /// The theme name (`default` unless configured); not checked against `themes/` here.
    public var theme: String
    /// How new requests and finished runs are announced: `bell` (default), `desktop`, `both` or `none`.
    public var notify: String = "bell"
    /// Where the detail goes after a decision (`next` unless the profile says `queue`).
    public var afterDecision: AfterDecision = .next
    /// Seconds a decision waits, `u` taking it back, before it is sent; 0 (the default) sends at once.
    public var undoSeconds = 0
    /// The selected profile of our config file, if any.
    public var profile: String?
    /// Our config file, when one was read.
    public var configFile: String?
    /// Its `[keys.*]` rebindings, when it has any.
    public var keys: KeyOverrides?
    /// Things a person should know but that do not stop the program (loose token file modes).
    public var warnings: [String]

    public static let defaultPollInterval: Duration = .seconds(2)
    public static let minimumPollInterval: Duration = .milliseconds(200)

    public init(
        server: URL? = nil, serverSource: ConfigurationSource? = nil, token: String? = nil,
        tokenSource: ConfigurationSource? = nil, tokenFile: String? = nil,
        pollInterval: Duration = Self.defaultPollInterval, theme: String = "default",
        profile: String? = nil, configFile: String? = nil, warnings: [String] = []
    ) {
        self.server = server
        self.serverSource = serverSource
        self.token = token
        self.tokenSource = tokenSource
        self.tokenFile = tokenFile
        self.pollInterval = pollInterval
        self.theme = theme
        self.profile = profile
        self.configFile = configFile
        self.warnings = warnings
    }

    public var description: String {
        let server = self.server.map { "\($0.absoluteString) (from \(serverSource ?? .builtIn))" } ?? "embedded"
        let token = self.token.map { "<\($0.count) characters> (from \(tokenSource ?? .builtIn))" } ?? "none"
        return "server: \(server), token: \(token), profile: \(profile ?? "none"), theme: \(theme), "
            + "poll interval: \(pollInterval)"
    }
}
