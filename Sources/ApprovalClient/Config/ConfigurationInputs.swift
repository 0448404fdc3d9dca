import ApprovalModel

/// The raw inputs of ``Configuration/resolve(flags:environment:files:)`` with the file
/// lookups it needs: where the files are, `~` expansion, and reading each file at most once.
struct ConfigurationInputs<Files: FileReading> {
    let flags: ConfigurationFlags
    let environment: [String: String]
    let files: Files
    private var preloopFile: (file: PreloopConfigFile, path: String)??

    init(flags: ConfigurationFlags, environment: [String: String], files: Files) {
        self.flags = flags
        self.environment = environment
        self.files = files
    }

    /// A variable's value; an empty one counts as unset.
    func variable(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    var home: String? { variable(Configuration.Variable.home) }

    /// `~` and `~/…` become the home directory; other paths are returned unchanged.
    func expand(_ path: String) throws(ConfigurationError) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let home else { throw .homeUnknown(path: path) }
        let base = home.hasSuffix("/") ? String(home.dropLast()) : home
        return base + path.dropFirst()
    }

    /// Our config file: `--config`, else `$XDG_CONFIG_HOME/approval-tui/config.toml`, else
    /// `~/.config/approval-tui/config.toml`. nil when the default file does not exist.
    func consoleConfigFile() throws(ConfigurationError) -> ConsoleConfigFile? {
        let path: String
        if let explicit = flags.configFile {
            path = try expand(explicit)
        } else if let configHome = variable(Configuration.Variable.configHome), configHome.hasPrefix("/") {
            path = configHome + "/approval-tui/config.toml"
        } else if let home {
            path = home + "/.config/approval-tui/config.toml"
        } else {
            return nil
        }
        guard let text = try read(path) else {
            if flags.configFile != nil { throw .configFileMissing(path: path) }
            return nil
        }
        return try ConsoleConfigFile(parsing: text, path: path)
    }

    /// Preloop's `~/.preloop/config.yaml`, read on first use; nil when absent.
    mutating func preloopConfigFile() throws(ConfigurationError) -> (file: PreloopConfigFile, path: String)? {
        if let cached = preloopFile { return cached }
        var loaded: (file: PreloopConfigFile, path: String)?
        if let home {
            let path = home + "/.preloop/config.yaml"
            if let text = try read(path) { loaded = (try PreloopConfigFile(parsing: text, path: path), path) }
        }
        preloopFile = .some(loaded)
        return loaded
    }

    /// The file's text; nil when missing; an error when it exists but cannot be read.
    func read(_ path: String) throws(ConfigurationError) -> String? {
        switch files.readText(atPath: path) {
        case .text(let text): return text
        case .missing: return nil
        case .unreadable(let reason): throw .unreadableFile(path: path, reason: reason)
        }
    }
}
