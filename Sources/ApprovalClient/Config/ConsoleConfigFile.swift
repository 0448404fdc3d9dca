import TOMLSupport
import ApprovalModel

/// Our own config file (`$XDG_CONFIG_HOME/approval-tui/config.toml`): a default profile and
/// named profiles. Unknown keys and wrong types are errors naming file:line.
///
/// ```toml
/// default_profile = "work"
/// servers = ["work", "local"]   # the console opens these profiles' servers together
/// [profiles.work]
/// server = "https://preloop.example.com"
/// token_file = "~/.config/approval-tui/work.token"   # or token = "..."
/// poll_interval = 2.0
/// theme = "default"
/// notify = "both"          # bell, desktop, both or none
/// after_decision = "next"   # the detail opens the next request (or "queue")
/// undo_seconds = 5         # a decision waits this long, u takes it back (0–60, 0 sends at once)
/// [keys.queue]             # rebinding, per screen or [keys.global]
/// approve = ["y"]
/// ```
public struct ConsoleConfigFile: Equatable, Sendable {
    /// One `[profiles.NAME]` table.
    public struct Profile: Equatable, Sendable {
        public var name: String
        /// The config file the profile is in.
        public var path: String
        /// Line of the profile's header.
        public var line: Int
        public var server: ConfigSetting<String>?
        public var token: ConfigSetting<String>?
        /// As written (not yet `~`-expanded; relative paths are relative to the config file).
        public var tokenFile: ConfigSetting<String>?
        /// Seconds.
        public var pollInterval: ConfigSetting<Double>?
        public var theme: ConfigSetting<String>?
        /// How new requests and finished runs are announced: bell, desktop, both or none.
        public var notify: ConfigSetting<String>? = nil
        /// Where the detail goes after a decision: next or queue.
        public var afterDecision: ConfigSetting<String>? = nil
        /// Seconds a decision waits before it is sent (0–60).
        public var undoSeconds: ConfigSetting<Int>? = nil

        /// "profile NAME (path:line)" for a key of this profile on `line`.
        public func source(line: Int) -> ConfigurationSource { .profile(name, path: path, line: line) }
    }

    public static let topLevelKeys = ["default_profile", "keys", "profiles", "servers"]
    public static let profileKeys = ["after_decision", "notify", "poll_interval", "server", "theme", "token", "token_file", "undo_seconds"]

    /// The longest undo window a profile may ask for: an agent waits that long for every decision.
    public static let maximumUndoSeconds = 60

    /// The values `notify` accepts.
    public static let notifyValues = NotifyMode.allCases.map(\.rawValue)

    public var path: String
    public var defaultProfile: ConfigSetting<String>?
    /// `servers = [...]`: the profiles the console opens together when no profile is asked for.
    public var servers: ConfigSetting<[String]>?
    /// Profiles in file order.
    public var profiles: [Profile]
    /// The `[keys.*]` tables, when there are any (they apply whatever the profile).
    public var keys: KeyOverrides?

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// Parses and validates `text`; `path` is used in error messages.
    public init(parsing text: String, path: String) throws(ConfigurationError) {
        self.path = path
        do throws(TOMLError) {
            let root = try TOMLDocument(parsing: text, file: path).root
            try root.rejectUnknownKeys(allowed: Set(Self.topLevelKeys))
            defaultProfile = try root.string(at: "default_profile").map {
                ConfigSetting($0, line: root.entry("default_profile")!.line)
            }
            var profiles: [Profile] = []
            for entry in try root.table(at: "profiles")?.entries ?? [] {
                guard case .table(let table) = entry.value else {
                    throw TOMLError(
                        file: path, line: entry.line, column: entry.column,
                        message: "profile \"\(entry.key)\" must be a table ([profiles.\(entry.key)]), found \(entry.value.typeName)")
                }
                try table.rejectUnknownKeys(allowed: Set(Self.profileKeys))
                profiles.append(try Self.profile(entry.key, table, path: path))
            }
            self.profiles = profiles
            if let list = try root.strings(at: "servers") {
                let line = root.entry("servers")!.line
                guard !list.isEmpty else { throw TOMLError(file: path, line: line, message: "servers is empty; name two or more profiles, or remove it") }
                for name in list where !profiles.contains(where: { $0.name == name }) {
                    throw TOMLError(
                        file: path, line: line,
                        message: "servers names \(name.debugDescription), which is not a [profiles.*] table here; known profiles: \(profiles.map(\.name).joined(separator: ", "))")
                }
                servers = ConfigSetting(list, line: line)
            }
            if let table = try root.table(at: "keys") { keys = try KeyOverrides(table, file: path) }
        } catch {
            throw ConfigurationError(error, path: path)
        }
    }

    private static func profile(_ name: String, _ table: TOMLTable, path: String) throws(TOMLError) -> Profile {
        func located<T>(_ key: String, _ value: T?) -> ConfigSetting<T>? {
            value.map { ConfigSetting($0, line: table.entry(key)!.line) }
        }
        var profile = Profile(
            name: name, path: path, line: table.line,
            server: located("server", try table.string(at: "server")),
            token: located("token", try table.string(at: "token")),
            tokenFile: located("token_file", try table.string(at: "token_file")),
            pollInterval: located("poll_interval", try table.double(at: "poll_interval")),
            theme: located("theme", try table.string(at: "theme")))
        profile.notify = located("notify", try table.string(at: "notify"))
        if let notify = profile.notify, !notifyValues.contains(notify.value) {
            throw TOMLError(
                file: table.file, line: notify.line,
                message: "notify must be one of \(notifyValues.joined(separator: ", ")), not \(notify.value.debugDescription)")
        }
        profile.afterDecision = located("after_decision", try table.string(at: "after_decision"))
        let afterValues = AfterDecision.allCases.map(\.rawValue)
        if let after = profile.afterDecision, !afterValues.contains(after.value) {
            throw TOMLError(
                file: table.file, line: after.line,
                message: "after_decision must be one of \(afterValues.joined(separator: ", ")), not \(after.value.debugDescription)")
        }
        profile.undoSeconds = located("undo_seconds", try table.int(at: "undo_seconds"))
        if let undo = profile.undoSeconds, !(0...maximumUndoSeconds).contains(undo.value) {
            throw TOMLError(
                file: table.file, line: undo.line,
                message: "undo_seconds must be a whole number from 0 to \(maximumUndoSeconds), not \(undo.value)")
        }
        if let token = profile.token, let file = profile.tokenFile {
            let later = max(token.line, file.line)
            throw TOMLError(
                file: table.file, line: later,
                message: "profile \"\(name)\" sets both token and token_file; keep one")
        }
        return profile
    }
}
