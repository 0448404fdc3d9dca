import ApprovalClient
import ApprovalModel
import Foundation
import Testing

/// An approver triaging in the real console, in tmux, against the real local server.
@Suite(.serialized)
struct QueueDecisionE2ETests {
    @Test func approveOneAndDenyAnotherWithACommentByKeystrokes() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        let restartID = try #require(
            try await fixture.submitToolCall(
                "restart_cache", args: ["service": "api"], justification: "cache serves stale prices"))
        let deleteID = try #require(
            try await fixture.submitToolCall(
                "delete_records", args: ["table": "sessions", "older_than": "2025-01-01"],
                justification: "retention policy"))

        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "restart_cache")
        try await console.waitForRow(containing: "delete_records")

        try await console.focusRow(containing: "restart_cache")
        try console.press("a")
        try await console.waitForRow(containing: "approved restart_cache")
        try await console.waitForRow(containing: "1 pending")

        try await console.focusRow(containing: "delete_records")
        try console.press("d")
        try await console.waitForRow(containing: "y")
        try console.press("y")
        try await Task.sleep(for: .milliseconds(200))
        try console.type("not during business hours")
        try console.press("Enter")
        try await console.waitForRow(containing: "declined delete_records")
        try await console.waitForRow(containing: "0 pending")

        // Both decisions are in the journal (read from the local store), newest first.
        try console.type(":journal")
        try console.press("Enter")
        try await console.waitForRow(containing: "Journal · 2 decisions")
        try await console.waitForRow(containing: "not during business hours")
        let rows = try console.screen()
        let denied = try #require(rows.firstIndex { $0.contains("delete_records") && $0.contains("declined") })
        let approved = try #require(rows.firstIndex { $0.contains("restart_cache") && $0.contains("approved") })
        #expect(denied < approved)

        let client = try fixture.approverClient()
        let restart = try await client.approvalRequest(id: restartID)
        let delete = try await client.approvalRequest(id: deleteID)
        #expect(restart.status == .approved)
        #expect(delete.status == .declined)
        #expect(delete.approverComment == "not during business hours")
    }

    @Test func approvingInTheDetailOpensTheNextRequestWithoutGoingBack() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        var ids: [String] = []
        for tool in ["alpha_tool", "bravo_tool"] {
            ids.append(try #require(try await fixture.submitToolCall(tool, args: [:], justification: "routine")))
        }
        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "bravo_tool")
        try console.press("g")
        let first = try #require(try console.selectedRow()).contains("alpha_tool") ? "alpha_tool" : "bravo_tool"
        let second = first == "alpha_tool" ? "bravo_tool" : "alpha_tool"
        try console.press("Enter")
        try await console.waitForRow(containing: "Request · \(first)")
        try console.press("a")
        // The next request is open at once; the first one's answer arrives on the status line.
        try await console.waitForRow(containing: "Request · \(second)")
        try await console.waitForRow(containing: "approved \(first)")
        try console.press("a")
        try await console.waitForRow(containing: "approved \(second)")
        try await console.waitForRow(containing: "0 pending")
        let client = try fixture.approverClient()
        for id in ids { #expect(try await client.approvalRequest(id: id).status == .approved) }
    }

    @Test func focusStaysOnRequestWhenListChanges() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let fixture = try await LocalServerFixture()
        defer { Task { await fixture.stop() } }
        for tool in ["alpha_tool", "bravo_tool", "charlie_tool"] {
            try await fixture.submitToolCall(tool, args: [:], justification: "routine")
        }
        let console = try TmuxDriver(arguments: fixture.consoleArguments(), environment: fixture.consoleEnvironment)
        defer { console.stop() }
        try await console.waitForRow(containing: "charlie_tool")
        try await console.focusRow(containing: "bravo_tool")

        // New requests arrive above and below; the focus must stay on bravo_tool.
        try await fixture.submitToolCall("delta_tool", args: [:], justification: "routine")
        try await fixture.submitToolCall("echo_tool", args: [:], justification: "routine")
        try console.press("r")
        try await console.waitForRow(containing: "echo_tool")
        #expect(try console.selectedRow()?.contains("bravo_tool") == true)
    }
}
