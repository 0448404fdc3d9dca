import Foundation

/// Where one server keeps its state: the SQLite database, the two first-start tokens and the
/// policies file. Everything the server writes lives under `root`.
public struct ServerDataDirectory: Sendable, Hashable {
    public var root: URL

    public init(root: URL) {
        self.root = root
    }

    /// `$XDG_STATE_HOME/approval-tui/server/`, or `~/.local/state/approval-tui/server/`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return URL(fileURLWithPath: state).appendingPathComponent("approval-tui/server", isDirectory: true)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/approval-tui/server", isDirectory: true)
    }

    public var databaseFile: URL { root.appendingPathComponent("server.sqlite") }
    public var approverTokenFile: URL { root.appendingPathComponent("approver.token") }
    public var agentTokenFile: URL { root.appendingPathComponent("agent.token") }
    public var policiesFile: URL { root.appendingPathComponent("policies.toml") }
    /// Per-execution scratch space (prompt files) for flows.
    public var executionsDirectory: URL { root.appendingPathComponent("executions", isDirectory: true) }

    /// The first-start token file of a role.
    public func tokenFile(for role: TokenRole) -> URL {
        role == .approver ? approverTokenFile : agentTokenFile
    }

    /// Creates the directory (mode 0700) when it is missing.
    func create() throws {
        try FileManager.default.createDirectory(
            at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Writes `text` to `url` readable by the owner only (0600), replacing any old file.
    static func writePrivate(_ text: String, to url: URL) throws {
        let path = url.path
        _ = unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw ServerError.storage("cannot create \(path): errno \(errno)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw ServerError.storage("cannot write \(path)") }
    }
}
