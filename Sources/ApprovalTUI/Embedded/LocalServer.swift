import ApprovalMCP
import ApprovalServer
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The local approval server of one data directory, found or started.
///
/// Discovery: the process that takes `DIR/server.lock` (an exclusive `flock`) owns the
/// directory; it starts the server in-process and writes `DIR/server.json` `{url, pid}` once it
/// listens. Every other process fails to take the lock, reads `server.json` and connects with
/// `DIR/approver.token` (or `DIR/agent.token` for `request`). Only the owner opens the database,
/// so two consoles never fight over it.
///
/// ```swift
/// let local = try await LocalServer.attachOrStart(directory: ServerDataDirectory.defaultRoot(), port: 8600)
/// defer { Task { await local.stop() } }
/// let token = try local.token(for: .approver)
/// ```
struct LocalServer: Sendable {
    /// Where clients reach the server (loopback when it listens on every address).
    let url: URL
    let directory: ServerDataDirectory
    /// Set when this process runs the server; nil when another process does.
    let owner: Owner?

    /// The running server and the lock that makes this process its owner.
    struct Owner: Sendable {
        let server: ApprovalServer
        let lock: ServerLock
    }

    /// The token file of `role`, trimmed.
    func token(for role: TokenRole) throws(EmbeddedServerError) -> String {
        let file = directory.tokenFile(for: role)
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else { throw .storage("cannot read the \(role.rawValue) token in \(file.path)") }
        return token
    }

    /// Stops the server when this process owns it (running flows are killed) and removes
    /// `server.json`; the lock goes with the last reference to the owner.
    func stop() async {
        guard let owner else { return }
        ServerRecord.remove(in: directory.root)
        await owner.server.stop()
        withExtendedLifetime(owner.lock) {}
    }

    /// Connects to the server another process runs on `directory`; never starts one.
    ///
    /// - Throws: `.notRunning` when no process owns the directory, `.ownerSilent` when its owner
    ///   has not said where it listens within `patience`.
    static func attach(directory: URL, patience: Duration = .seconds(5)) throws(EmbeddedServerError) -> LocalServer {
        if try ServerLock.tryAcquire(in: directory) != nil { throw .notRunning(directory: directory.path) }
        let deadline = ContinuousClock.now + patience
        repeat {
            if let record = ServerRecord.read(in: directory), isAlive(record.pid), let url = URL(string: record.url) {
                return LocalServer(url: url, directory: ServerDataDirectory(root: directory), owner: nil)
            }
            usleep(100_000)
        } while ContinuousClock.now < deadline
        throw .ownerSilent(directory: directory.path)
    }

    /// Connects to the directory's running server, or, when none runs, takes the lock and starts
    /// one in this process.
    static func attachOrStart(
        directory: URL, host: String = "127.0.0.1", port: UInt16, fallbackToFreePort: Bool = true
    ) async throws(EmbeddedServerError) -> LocalServer {
        if let started = try await start(
            directory: directory, host: host, port: port, fallbackToFreePort: fallbackToFreePort)
        {
            return started
        }
        return try attach(directory: directory)
    }

    /// Takes the directory's lock and starts its server in this process; nil when another
    /// process already owns the directory.
    ///
    /// - Parameters:
    ///   - port: the port to ask for; 0 picks a free one.
    ///   - fallbackToFreePort: when `port` is taken by something else, listen on a free port instead.
    static func start(
        directory: URL, host: String = "127.0.0.1", port: UInt16, fallbackToFreePort: Bool,
        database: PostgresLocation? = nil, replica: String? = nil
    ) async throws(EmbeddedServerError) -> LocalServer? {
        guard let lock = try ServerLock.tryAcquire(in: directory) else { return nil }
        ServerRecord.remove(in: directory)
        var configuration = ApprovalServerConfiguration(host: host, port: port, dataDirectory: directory)
        configuration.database = database
        configuration.replica = replica
        // Agents reach the same approvals over MCP at /mcp/v1. Off loopback, the Host header
        // must name the address the server was asked to listen on (DNS-rebinding protection).
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        MCPGateway.install(into: &configuration, allowedHosts: loopback ? nil : [host, "\(host):\(port)"])
        var server = ApprovalServer(configuration: configuration)
        var bound: UInt16
        do {
            bound = try await server.start()
        } catch {
            guard fallbackToFreePort, port != 0, "\(error)".contains("in use") else {
                throw .start(String(describing: error))
            }
            configuration.port = 0
            server = ApprovalServer(configuration: configuration)
            do {
                bound = try await server.start()
            } catch {
                throw .start(String(describing: error))
            }
        }
        let url = Self.url(host: host, port: bound)
        do {
            try ServerRecord(url: url.absoluteString, pid: getpid()).write(in: directory)
        } catch {
            await server.stop()
            throw error
        }
        return LocalServer(url: url, directory: server.dataDirectory, owner: Owner(server: server, lock: lock))
    }

    /// `http://host:port`, with loopback for a wildcard host and brackets for IPv6.
    static func url(host: String, port: UInt16) -> URL {
        let reachable = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host
        let shown = reachable.contains(":") ? "[\(reachable)]" : reachable
        return URL(string: "http://\(shown):\(port)")!
    }

    private static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
