import ApprovalModel
import Foundation

/// Resolves what the console and CLI connect to, as a pure function of flags, environment
/// and files.
///
/// Precedence, highest first: command-line flags, environment (`APPROVAL_TUI_*` before
/// Preloop's `PRELOOP_URL` / `PRELOOP_TOKEN`), the selected profile of our `config.toml`,
/// Preloop's `~/.preloop/config.yaml` (`api_url`, `access_token`).
///
/// ```swift
/// let resolved = try Configuration.resolve(
///     flags: ConfigurationFlags(server: options.server, tokenFile: options.tokenFile, profile: options.profile),
///     environment: ProcessInfo.processInfo.environment,
///     files: LocalFileSystem())
/// ```
public enum Configuration {
    /// Environment variables read by ``resolve(flags:environment:files:)``.
    public enum Variable {
        public static let server = "APPROVAL_TUI_SERVER"
        public static let token = "APPROVAL_TUI_TOKEN"
        public static let tokenFile = "APPROVAL_TUI_TOKEN_FILE"
        public static let profile = "APPROVAL_TUI_PROFILE"
        public static let preloopURL = "PRELOOP_URL"
        public static let preloopToken = "PRELOOP_TOKEN"
        public static let home = "HOME"
        public static let configHome = "XDG_CONFIG_HOME"
    }

    /// Weighs every source and returns the settings to use.
    ///
    /// A missing default config file is fine; a missing `--config` file, a missing named token
    /// file, an unknown profile or a malformed file is a ``ConfigurationError``.
    public static func resolve(
        flags: ConfigurationFlags, environment: [String: String], files: some FileReading
    ) throws(ConfigurationError) -> ResolvedConfiguration {
        var inputs = ConfigurationInputs(flags: flags, environment: environment, files: files)
        var result = ResolvedConfiguration()
        let configFile = try inputs.consoleConfigFile()
        result.configFile = configFile?.path
        result.keys = configFile?.keys
        let profile = try selectProfile(flags: flags, inputs: inputs, file: configFile)
        result.profile = profile?.name

        if let (value, source) = try serverSetting(inputs: &inputs, profile: profile) {
            result.server = try serverURL(value, source: source)
            result.serverSource = source
        }
        try resolveToken(into: &result, inputs: &inputs, profile: profile)

        let poll: (Double, ConfigurationSource)? =
            flags.pollInterval.map { ($0, .flag("--poll-interval")) }
            ?? profile.flatMap { profile in profile.pollInterval.map { ($0.value, profile.source(line: $0.line)) } }
        if let (seconds, source) = poll {
            guard seconds.isFinite, seconds >= 0.2 else { throw .pollIntervalTooShort(seconds: seconds, source: source) }
            result.pollInterval = .seconds(seconds)
        }
        if let theme = flags.theme ?? profile?.theme?.value { result.theme = theme }
        if let notify = profile?.notify?.value { result.notify = notify }
        if let after = profile?.afterDecision.flatMap({ AfterDecision(rawValue: $0.value) }) { result.afterDecision = after }
        if let undo = profile?.undoSeconds?.value { result.undoSeconds = undo }
        return result
    }

    private static func selectProfile(
        flags: ConfigurationFlags, inputs: ConfigurationInputs<some FileReading>, file: ConsoleConfigFile?
    ) throws(ConfigurationError) -> ConsoleConfigFile.Profile? {
        let requested: (String, ConfigurationSource)? =
            flags.profile.map { ($0, .flag("--profile")) }
            ?? inputs.variable(Variable.profile).map { ($0, .environment(Variable.profile)) }
            ?? file?.defaultProfile.map { ($0.value, .configFile(path: file!.path, line: $0.line)) }
        guard let (name, source) = requested else { return nil }
        guard let profile = file?.profile(named: name) else {
            throw .unknownProfile(name, known: file?.profiles.map(\.name) ?? [], file: file?.path, requestedBy: source)
        }
        return profile
    }

    private static func serverSetting(
        inputs: inout ConfigurationInputs<some FileReading>, profile: ConsoleConfigFile.Profile?
    ) throws(ConfigurationError) -> (String, ConfigurationSource)? {
        if let server = inputs.flags.server { return (server, .flag("--server")) }
        for name in [Variable.server, Variable.preloopURL] {
            if let value = inputs.variable(name) { return (value, .environment(name)) }
        }
        if let profile, let server = profile.server { return (server.value, profile.source(line: server.line)) }
        if let (file, path) = try inputs.preloopConfigFile(), let url = file.apiURL {
            return (url.value, .preloopConfig(path: path, line: url.line))
        }
        return nil
    }

    private static func serverURL(_ value: String, source: ConfigurationSource) throws(ConfigurationError) -> URL {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { throw .invalidServer(value, source: source) }
        return url
    }
}
