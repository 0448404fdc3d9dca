import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The console against an in-process server with push: the poll interval is two minutes, so a
/// request that shows up within seconds came through the websocket.
@Suite(.serialized)
struct PushE2ETests {
    /// A console on a temp home whose profile polls every two minutes, against an in-process server.
    final class Setup {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("atui-push-\(UUID().uuidString)")
        var server: ApprovalServer
        var port: UInt16 = 0
        var driver: TmuxDriver?

        /// The console (and with it the tmux server) starts before the approval server listens:
        /// a process spawned while the server listens inherits its listening socket and would
        /// keep the port after the server stops.
        init() async throws {
            // A first run picks the port and writes the token files the profile names.
            let scout = Self.makeServer(home, port: 0)
            port = try await scout.start()
            await scout.stop()
            server = Self.makeServer(home, port: port)
            let configDirectory = home.appendingPathComponent("config/approval-tui")
            try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
            try """
                default_profile = "local"
                [profiles.local]
                server = "http://127.0.0.1:\(port)"
                token_file = "\(scout.dataDirectory.approverTokenFile.path)"
                poll_interval = 120
                """.write(to: configDirectory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
            driver = try TmuxDriver(
                arguments: [BuiltBinary.url.path],
                environment: [
                    "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                    "XDG_STATE_HOME": home.appendingPathComponent("state").path, "NO_COLOR": "1",
                ])
            try await restart()
        }

        static func makeServer(_ home: URL, port: UInt16) -> ApprovalServer {
            ApprovalServer(configuration: .init(
                port: port, dataDirectory: home.appendingPathComponent("server"), policies: .starter))
        }

        /// Stops the server; ``restart()`` brings it back on the same port.
        func stopServer() async { await server.stop() }

        /// Retries while the old socket still holds the port (connections the server closed linger briefly).
        func restart() async throws {
            for attempt in 1...50 {
                server = Self.makeServer(home, port: port)
                do {
                    _ = try await server.start()
                    return
                } catch where attempt < 50 {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }

        /// Creates a request as the agent would.
        func createRequest(tool: String) async throws {
            let agentToken = try String(contentsOf: server.dataDirectory.agentTokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/agent/tool-calls")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(agentToken)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"tool_name":"\#(tool)","tool_args":{"scope":"ci"}}"#.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 202)
        }

        func finish() async {
            driver?.stop()
            await server.stop()
            try? FileManager.default.removeItem(at: home)
        }
    }

    func withConsole(_ body: (Setup, TmuxDriver) async throws -> Void) async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let setup = try await Setup()
        do {
            try await body(setup, try #require(setup.driver))
        } catch {
            await setup.finish()
            throw error
        }
        await setup.finish()
    }

    @Test func aNewRequestAppearsWithoutWaitingForTheSlowPoll() async throws {
        try await withConsole { setup, driver in
            try await driver.waitForRow(containing: "live+push", timeout: .seconds(45))
            try await setup.createRequest(tool: "rotate_keys")
            try await driver.waitForRow(containing: "rotate_keys", timeout: .seconds(30))  // the poll is 120 s
        }
    }

    @Test func afterTheServerComesBackPushReconnectsAndDeliversAgain() async throws {
        try await withConsole { setup, driver in
            try await driver.waitForRow(containing: "live+push", timeout: .seconds(45))
            await setup.stopServer()
            try await driver.waitForNoRow(containing: "live+push", timeout: .seconds(45))
            try await setup.restart()
            try await driver.waitForRow(containing: "live+push", timeout: .seconds(45))
            try await setup.createRequest(tool: "rotate_keys")
            try await driver.waitForRow(containing: "rotate_keys", timeout: .seconds(30))  // the poll is 120 s
        }
    }
}
