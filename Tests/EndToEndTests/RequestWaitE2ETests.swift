import Foundation
import Testing
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `approval-tui request --wait`: one exit code per outcome, so a shell script can gate on a person.
@Suite(.serialized)
struct RequestWaitE2ETests {
    /// A sandbox with quick policies and `serve --port 0` running in it.
    private func serving() async throws -> (E2ESandbox, SpawnedCommand.Child) {
        let sandbox = try E2ESandbox()
        try sandbox.writeQuickPolicies()
        return (sandbox, try await sandbox.serve())
    }

    private func stop(_ server: SpawnedCommand.Child, _ sandbox: E2ESandbox) async {
        server.signal(SIGTERM)
        _ = try? await server.exitStatus(timeout: .seconds(15))
        sandbox.remove()
    }

    /// The id of the only pending request, once it shows up in `list --json`.
    private func pendingID(_ sandbox: E2ESandbox) async throws -> String {
        var id: String?
        try await E2ESandbox.waitUntil("a pending request") {
            // A `list` that has not answered yet (slow to start on a loaded machine) leaves no JSON:
            // look again, until the deadline, rather than fail on the first empty output.
            let listed = (try? JSONSerialization.jsonObject(
                with: Data(sandbox.output("list", "out").utf8))) as? [[String: Any]]
            id = listed?.first?["id"] as? String
            return id != nil
        } prepare: {
            _ = try? await sandbox.finish(try sandbox.launch(["list", "--json"], label: "list"), label: "list")
        }
        return try #require(id)
    }

    @Test func declinedExitsOneWithTheApproversComment() async throws {
        let (sandbox, server) = try await serving()
        let request = try sandbox.launch(
            ["request", "--tool", "deploy_api", "--args", #"{"env":"prod"}"#, "--justification", "hotfix", "--wait"],
            label: "request")
        let id = try await pendingID(sandbox)
        let denied = try await sandbox.run(["deny", id, "--comment", "not on a Friday"])
        #expect(denied.status == 0, "deny: \(denied.stderr)")
        let outcome = try await sandbox.finish(request, label: "request")
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("declined: not on a Friday"))
        await stop(server, sandbox)
    }

    /// With the starter policy (300 s, `poll_interval_seconds` 15) the old `--wait` slept 15 s
    /// between polls; it long-polls now and exits as soon as the approver decides.
    @Test func waitExitsRightAfterTheDecisionNotAtTheNextPollInterval() async throws {
        let sandbox = try E2ESandbox()
        let server = try await sandbox.serve()
        let request = try sandbox.launch(["request", "--tool", "echo", "--args", #"{"n":1}"#, "--wait"], label: "request")
        let id = try await pendingID(sandbox)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await sandbox.run(["approve", id]).status == 0)
        let decided = ContinuousClock.now
        let outcome = try await sandbox.finish(request, label: "request")
        let lag = ContinuousClock.now - decided
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stdout.contains("approved"))
        #expect(lag < .seconds(3), "exited \(lag) after the decision")
        await stop(server, sandbox)
    }

    @Test func expiredExitsTwo() async throws {
        let (sandbox, server) = try await serving()
        let outcome = try await sandbox.run(["request", "--tool", "expire_soon", "--args", "{}", "--wait"])
        #expect(outcome.status == 2, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stdout.contains("expired"))
        await stop(server, sandbox)
    }

    @Test func approvedWithJSONPrintsTheServersAnswer() async throws {
        let (sandbox, server) = try await serving()
        let request = try sandbox.launch(
            ["request", "--tool", "restart_worker", "--args", #"{"pool":"a"}"#, "--wait", "--json"], label: "request")
        let id = try await pendingID(sandbox)
        #expect(try await sandbox.run(["approve", id]).status == 0)
        let outcome = try await sandbox.finish(request, label: "request")
        #expect(outcome.status == 0)
        let body = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(body?["status"] as? String == "approved")
        #expect(body?["request_id"] as? String == id)
        await stop(server, sandbox)
    }

    @Test func errorsExitThreeWithTheServersDetail() async throws {
        let (sandbox, server) = try await serving()
        let missing = try await sandbox.run(["request", "--tool", "deploy_api", "--args", "{}"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("(422)"))
        #expect(missing.stderr.contains("Justification required"))

        let badToken = try await sandbox.run(
            ["request", "--tool", "list_files", "--args", "{}"], extra: ["APPROVAL_TUI_AGENT_TOKEN": "not-a-token"])
        #expect(badToken.status == 3)
        #expect(badToken.stderr.contains("(401)"))

        let approverToken = sandbox.serverDirectory.appendingPathComponent("approver.token").path
        let wrongRole = try await sandbox.run(
            ["request", "--tool", "list_files", "--args", "{}", "--token-file", approverToken])
        #expect(wrongRole.status == 3)
        #expect(wrongRole.stderr.contains("(403)"))

        let badJSON = try await sandbox.run(["request", "--tool", "list_files", "--args", "[1,"])
        #expect(badJSON.status == 3)
        #expect(badJSON.stderr.contains("--args is not JSON"))

        let agentToken = sandbox.serverDirectory.appendingPathComponent("agent.token").path
        let unreachable = try await sandbox.run(
            ["request", "--server", "http://127.0.0.1:9", "--token-file", agentToken, "--tool", "x", "--args", "{}"])
        #expect(unreachable.status == 3)
        await stop(server, sandbox)
    }
}
