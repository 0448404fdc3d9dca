import Foundation
import Testing

/// `approval-tui` with no server configured: it runs the local server itself, explains how an
/// agent starts, and shares that server with every other command started meanwhile.
@Suite(.serialized)
struct EmbeddedServerE2ETests {
    @Test func embeddedConsoleExplainsTheFirstCallThenShowsItAndApprovingEndsTheWait() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        try sandbox.writeQuickPolicies()
        let console = try TmuxDriver(arguments: [BuiltBinary.url.path], environment: sandbox.environment)
        defer { console.stop() }

        try await console.waitForRow(containing: "An agent sends its first tool call to http://127.0.0.1:")
        try await console.waitForRow(containing: "agent.token")
        try await console.waitForRow(containing: "approval-tui request --tool deploy --args")
        // The embedded server's events reach the console by push, with its own approver token.
        try await console.waitForRow(containing: "live+push")

        let request = try sandbox.launch(
            ["request", "--tool", "deploy_service", "--args", #"{"env":"prod"}"#, "--justification", "ship the hotfix",
             "--agent", "e2e-bot", "--wait"],
            label: "request")
        let row = try await console.waitForRow(containing: "ship the hotfix")
        #expect(row.contains("deploy_service"))

        let listed = try await sandbox.run(["list"])
        #expect(listed.status == 0, "list failed: \(listed.stderr)")
        #expect(listed.stdout.contains("deploy_service"))
        #expect(listed.stdout.contains("ship the hotfix"))

        try console.press("a")
        let outcome = try await sandbox.finish(request, label: "request", timeout: .seconds(30))
        #expect(outcome.status == 0, "request --wait: \(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stdout.contains("approved"))
        try await console.waitForRow(containing: "Nothing is waiting for you.")
    }

    @Test func secondConsoleJoinsTheRunningServerAndTakesItOverWhenTheFirstQuits() async throws {
        try #require(TmuxDriver.isAvailable, "tmux is needed for end-to-end tests")
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let first = try TmuxDriver(arguments: [BuiltBinary.url.path], environment: sandbox.environment)
        defer { first.stop() }
        let firstRow = try await first.waitForRow(containing: "An agent sends its first tool call to")
        let second = try TmuxDriver(arguments: [BuiltBinary.url.path], environment: sandbox.environment)
        defer { second.stop() }
        let secondRow = try await second.waitForRow(containing: "An agent sends its first tool call to")
        #expect(firstRow.trimmingCharacters(in: .whitespaces) == secondRow.trimmingCharacters(in: .whitespaces))

        let created = try await sandbox.run(["request", "--tool", "list_files", "--args", "{}"])
        #expect(created.status == 0, "request: \(created.stderr)")
        #expect(created.stdout.hasPrefix("pending "))
        try await first.waitForRow(containing: "list_files")
        try await second.waitForRow(containing: "list_files")

        // The owner quits: the second console takes the server over on the same address.
        try first.press("q")
        try await E2ESandbox.waitUntil("the first console to quit") { try first.hasExited() }
        let record = sandbox.serverDirectory.appendingPathComponent("server.json").path
        try await E2ESandbox.waitUntil("the second console to take over") {
            FileManager.default.fileExists(atPath: record)
        }
        let next = try await sandbox.run(["request", "--tool", "list_buckets", "--args", "{}"])
        #expect(next.status == 0, "request after the owner quit: \(next.stderr)")
        try await second.waitForRow(containing: "list_buckets")
        try await second.waitForRow(containing: "list_files")
    }

    @Test func commandsWithoutAServerSayHowToStartOne() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let listed = try await sandbox.run(["list"])
        #expect(listed.status == 4)
        #expect(listed.stderr.contains("no local server runs on"))
        let requested = try await sandbox.run(["request", "--tool", "x"])
        #expect(requested.status == 3)
        #expect(requested.stderr.contains("approval-tui serve"))
    }
}
