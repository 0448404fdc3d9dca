@testable import ApprovalServer
import Foundation
import PostgresNIO
import ProcessSupport

/// A real PostgreSQL server for the tests: the one `.ci/run` started (`APPROVAL_TEST_POSTGRES`
/// holds its `host:port`), else one this test process starts in a temporary folder on loopback
/// (as the `postgres` user when it runs as root, which PostgreSQL refuses) and stops at exit.
/// Each test gets a database of its own.
actor PostgresCluster {
    static let shared = PostgresCluster()

    /// The variable `.ci/run` sets to the `host:port` of the server it started.
    static let variable = "APPROVAL_TEST_POSTGRES"

    /// Whether the PostgreSQL tests run: a server was started for them or one can be. In CI they
    /// always run (a missing PostgreSQL fails them, loudly, instead of skipping them).
    static var isAvailable: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment[variable] != nil || binDirectory != nil || environment["CI"] != nil
    }

    /// Where `initdb` and `pg_ctl` are (Debian keeps them out of PATH).
    static var binDirectory: String? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newest = versions.compactMap { (name: String) -> Int? in Int(name) }.max()
        guard let newest else { return nil }
        let bin = "/usr/lib/postgresql/\(newest)/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl") ? bin : nil
    }

    struct Endpoint: Sendable {
        var host: String
        var port: Int
    }

    private var endpoint: Task<Endpoint, any Error>?

    /// A new, empty database on the shared server.
    func freshDatabase() async throws -> PostgresLocation {
        let server = try await running()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.admin(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return try PostgresLocation(address: "postgres://approval@\(server.host):\(server.port)/\(name)")
    }

    /// Runs `body` with a client on the server's `postgres` database (creating databases, cutting
    /// connections).
    @discardableResult
    static func admin<T: Sendable>(
        _ server: Endpoint, database: String = "postgres", _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: .init(
            host: server.host, port: server.port, username: "approval", password: nil, database: database, tls: .disable))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    func running() async throws -> Endpoint {
        if let endpoint { return try await endpoint.value }
        let task = Task { try Self.start() }
        endpoint = task
        return try await task.value
    }

    private static func start() throws -> Endpoint {
        if let given = ProcessInfo.processInfo.environment[variable] {
            let parts = given.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw ServerError.storage("\(variable) is \(given); write host:port")
            }
            return Endpoint(host: String(parts[0]), port: port)
        }
        guard let bin = binDirectory else {
            throw ServerError.storage("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); .ci/run installs it")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("approval-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { try run("/bin/chown", ["postgres", folder.path]) }
        let port = try freePort()
        let data = folder.appendingPathComponent("data").path
        try run("\(bin)/initdb", ["-D", data, "-U", "approval", "-A", "trust", "--no-sync"], asPostgres: asRoot)
        try run("\(bin)/pg_ctl", [
            "-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-o",
            "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
            "start",
        ], asPostgres: asRoot)
        stopAtExit.folder = folder.path
        stopAtExit.command = (asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [])
            + ["\(bin)/pg_ctl", "-D", data, "-m", "immediate", "stop"]
        atexit {
            guard let command = PostgresCluster.stopAtExit.command, let folder = PostgresCluster.stopAtExit.folder else { return }
            try? PostgresCluster.run(command[0], Array(command.dropFirst()))
            try? FileManager.default.removeItem(atPath: folder)
        }
        return Endpoint(host: "127.0.0.1", port: port)
    }

    /// What the exit handler stops and removes (set once, before the handler is registered).
    nonisolated(unsafe) static var stopAtExit: (folder: String?, command: [String]?) = (nil, nil)

    /// Runs `program` to its end (as `postgres` when asked): spawned and reaped by hand, since
    /// Foundation's `Process` was seen never noticing such a child exit. Errors go to a file, not a
    /// pipe: the server `pg_ctl` starts outlives it and would hold a pipe open.
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool = false) throws {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("pg-errors-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let argv = (asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [program] + arguments
        let status = try SpawnedCommand.run(argv, stdout: "/dev/null", stderr: errors)
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw ServerError.storage("\(program) failed (\(status)): \(message)")
        }
    }

    /// A TCP port nothing listens on now (the kernel's pick).
    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerError.storage("no free port on loopback") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
