import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// A named approver in the real console: the status line names the principal, and the vote the
/// console casts is recorded as hers, from the console, and shown in the detail view.
@Suite(.serialized)
struct PrincipalConsoleE2ETests {
    @Test func theConsoleNamesThePrincipalAndItsVoteIsRecordedFromTheConsole() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let alice = try ApprovalServer.createToken(role: .approver, name: "alice", dataDirectory: fixture.server.dataDirectory.root)
        let tokenFile = fixture.root.appendingPathComponent("alice.token")
        try Data((alice + "\n").utf8).write(to: tokenFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
        let id = try #require(
            try await fixture.submitToolCall("restart_cache", args: ["service": "api"], justification: "stale prices"))

        let console = try TmuxDriver(
            arguments: [BuiltBinary.url.path, "--server", fixture.url, "--token-file", tokenFile.path],
            environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "restart_cache")
        try await console.waitForRow(containing: "alice")
        try console.press("a")
        try await console.waitForRow(containing: "approved restart_cache")

        let request = try await fixture.approverClient().approvalRequest(id: id)
        #expect(request.status == .approved)
        #expect(request.votes?.map(\.principal) == ["alice"])
        #expect(request.votes?.first?.source == .console)
    }
}
