import ApprovalModel

/// The command-line flags that take part in configuration; nil means "not given".
public struct ConfigurationFlags: Equatable, Sendable {
    /// `--server URL`
    public var server: String?
    /// `--token-file PATH`
    public var tokenFile: String?
    /// `--profile NAME`
    public var profile: String?
    /// `--config PATH`: our config file; unlike the default one it must exist.
    public var configFile: String?
    /// `--poll-interval SECONDS`
    public var pollInterval: Double?
    /// `--theme NAME`
    public var theme: String?

    public init(
        server: String? = nil, tokenFile: String? = nil, profile: String? = nil,
        configFile: String? = nil, pollInterval: Double? = nil, theme: String? = nil
    ) {
        self.server = server
        self.tokenFile = tokenFile
        self.profile = profile
        self.configFile = configFile
        self.pollInterval = pollInterval
        self.theme = theme
    }
}
