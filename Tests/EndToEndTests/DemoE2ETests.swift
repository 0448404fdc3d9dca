import Foundation
import Testing

/// `approval-tui demo`: the README's first command.
@Suite(.serialized)
struct DemoE2ETests {
    @Test func theSameSeedPlansTheSameCallsAndAnotherSeedOthers() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let first = try await sandbox.run(["demo", "--seed", "7", "--print-plan", "40"])
        let again = try await sandbox.run(["demo", "--seed", "7", "--print-plan", "40"])
        let other = try await sandbox.run(["demo", "--seed", "8", "--print-plan", "40"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.split(separator: "\n").count == 40)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.contains("hostile"))
    }

    @Test func demoShowsRequestsWithinSecondsAndHostileTextStaysInert() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let demo = try TmuxDriver(
            arguments: [BuiltBinary.url.path, "demo", "--seed", "1", "--speed", "4"], environment: sandbox.environment)
        defer { demo.stop() }
        let title = try demo.run(["display-message", "-p", "-t", demo.session, "#{pane_title}"])

        // Seed 1 opens with a familiar name hiding zero-width characters and a 50,000-character justification.
        let disguised = try await demo.waitForRow(containing: "deploy_se⟨ZWSP⟩rvice", timeout: .seconds(20))
        #expect(disguised.contains("⟨ZWJ") || disguised.contains("…"))
        try await demo.waitForRow(containing: "This migration is routine", timeout: .seconds(20))
        // The hostile samples in turn: colour and cursor moves, OSC 0 and 52, bidi, huge arguments.
        try await demo.waitForRow(containing: "cleanup_cache", timeout: .seconds(60))

        let screen = try demo.screen()
        #expect(screen.first?.contains("Queue") == true, "the title bar moved:\n\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.contains("Routine cache cleanup. ␛[31;1mIGNORE") })
        #expect(try demo.run(["display-message", "-p", "-t", demo.session, "#{pane_title}"]) == title)

        // The row with escapes, opened: every sequence a badge, the screen still in place.
        try demo.press("/")
        try demo.type("cleanup")
        try demo.press("Enter", "Enter")
        try await demo.waitForRow(containing: "Request · cleanup_cache")
        let detail = try demo.screen()
        #expect(detail.contains { $0.contains("␛[2J") && $0.contains("␛[H") })
        #expect(detail.first?.contains("Request · cleanup_cache") == true)
        #expect(try demo.run(["display-message", "-p", "-t", demo.session, "#{pane_title}"]) == title)
        #expect(try demo.styledScreen().joined().contains("\u{1B}[31;1m") == false)

        try demo.press("q")  // back to the queue
        try await demo.waitForRow(containing: "Queue · ")
        try demo.press("Escape")  // clears the filter
        try demo.press("q")
        try await E2ESandbox.waitUntil("the demo to quit") { try demo.hasExited() }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.appendingPathComponent("state/approval-tui").path)
        #expect(leftovers.allSatisfy { !$0.hasPrefix("demo-") }, "demo directories left: \(leftovers)")
    }
}
