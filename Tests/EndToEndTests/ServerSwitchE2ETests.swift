import Foundation
import Testing

/// `:server NAME` reopens the console on another profile; an unknown one is explained, not obeyed.
@Suite(.serialized)
struct ServerSwitchE2ETests {
    @Test func colonServerSwitchesProfilesAndRejectsUnknownOnes() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let first = try await LocalServerFixture()
        let second = try await LocalServerFixture()
        defer { Task { await first.stop(); await second.stop() } }
        try await first.submitToolCall("first_server_tool", args: [:], justification: "one")
        try await second.submitToolCall("second_server_tool", args: [:], justification: "two")

        let configFolder = first.root.appendingPathComponent("config/approval-tui")
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try """
            [profiles.one]
            server = "\(first.url)"
            token_file = "\(first.approverTokenFile)"

            [profiles.two]
            server = "\(second.url)"
            token_file = "\(second.approverTokenFile)"
            """.write(to: configFolder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)

        let console = try TmuxDriver(
            arguments: [BuiltBinary.url.path, "--profile", "one"], environment: first.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "first_server_tool")

        try console.type(":server nope")
        try console.press("Enter")
        try await console.waitForRow(containing: "unknown profile")
        #expect(try console.screen().contains { $0.contains("first_server_tool") })

        try console.type(":server two")
        try console.press("Enter")
        try await console.waitForRow(containing: "second_server_tool")
        try await console.waitForNoRow(containing: "first_server_tool")
    }
}
