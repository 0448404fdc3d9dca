import ApprovalClient
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
    @Test func aNewRequestAppearsWithoutWaitingForTheSlowPoll() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("atui-push-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = ApprovalServer(configuration: .init(
            port: 0, dataDirectory: home.appendingPathComponent("server"), policies: .starter))
        let port = try await server.start()
        let configDirectory = home.appendingPathComponent("config/approval-tui")
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        try """
            default_profile = "local"
            [profiles.local]
            server = "http://127.0.0.1:\(port)"
            token_file = "\(server.dataDirectory.approverTokenFile.path)"
            poll_interval = 120
            """.write(to: configDirectory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let driver = try TmuxDriver(
            arguments: [BuiltBinary.url.path],
            environment: [
                "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
                "XDG_STATE_HOME": home.appendingPathComponent("state").path, "NO_COLOR": "1",
            ])
        defer { driver.stop() }
        do {
            try await driver.waitForRow(containing: "live+push")
            let agentToken = try String(contentsOf: server.dataDirectory.agentTokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/agent/tool-calls")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(agentToken)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"tool_name":"rotate_keys","tool_args":{"scope":"ci"}}"#.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 202)
            try await driver.waitForRow(containing: "rotate_keys", timeout: .seconds(10))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
