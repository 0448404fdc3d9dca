import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// The undo window in the real console in tmux against the real local server: a held approval
/// counts down on its row and reaches the server only when the window passes; `u` takes one back
/// and the server never hears of it; quitting with one held warns, then quits and says it was not sent.
@Suite(.serialized)
struct UndoWindowE2ETests {
    @Test func aHeldDecisionIsSentWhenTheWindowPassesUTakesOneBackAndQuittingSaysWhatWasNotSent() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let sent = try #require(try await fixture.submitToolCall("restart_cache", args: [:], justification: "stale"))
        let undone = try #require(try await fixture.submitToolCall("flush_queue", args: [:], justification: "stuck"))
        let config = fixture.root.appendingPathComponent("config/approval-tui")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try """
            default_profile = "desk"
            [profiles.desk]
            undo_seconds = 3
            """.write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let client = try fixture.approverClient()

        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "2 pending")
        try await console.focusRow(containing: "restart_cache")
        try console.press("a")
        try await console.waitForRow(containing: "approve restart_cache in 3s; u takes it back")
        let counting = try #require(try console.selectedRow())
        #expect(counting.contains("s u"), "the row counts down: \(counting)")
        #expect(try await client.approvalRequest(id: sent).status == .pending, "nothing is sent in the window")
        try await console.waitForRow(containing: "approved restart_cache", timeout: .seconds(10))
        #expect(try await client.approvalRequest(id: sent).status == .approved)

        try await console.focusRow(containing: "flush_queue")
        try console.press("a")
        try await console.waitForRow(containing: "approve flush_queue in 3s")
        try console.press("u")
        try await console.waitForRow(containing: "took back: approve flush_queue; not sent")
        try await Task.sleep(for: .seconds(4))
        #expect(try await client.approvalRequest(id: undone).status == .pending, "taken back: never sent")

        try console.press("a")
        try await console.waitForRow(containing: "approve flush_queue in 3s")
        try console.press("q")
        try await console.waitForRow(containing: "q again quits without sending it")
        try console.press("q")
        try await console.waitForExit()
        let line = try await console.waitForRow(containing: "1 decision was not sent")
        #expect(line.trimmingCharacters(in: .whitespaces)
            == "approval-tui: 1 decision was not sent (quit during the undo window): flush_queue; decide again in the console")
        #expect(try console.exitStatus() == 0)
        #expect(try await client.approvalRequest(id: undone).status == .pending, "quit in the window: not sent")
    }
}
