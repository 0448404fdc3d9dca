import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `approval-tui serve` and `token create`: the local server on its own.
@Suite(.serialized)
struct ServeE2ETests {
    @Test func servePrintsTheRealPortAndListWorksAgainstIt() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let server = try await sandbox.serve()
        defer { server.signal(SIGKILL) }
        let line = sandbox.output("serve", "out").split(separator: "\n").first { $0.hasPrefix("listening on http://127.0.0.1:") }
        let url = try #require(line.map { String($0.dropFirst("listening on ".count)) })
        #expect(!url.hasSuffix(":0") && !url.hasSuffix(":8600"))

        let token = sandbox.serverDirectory.appendingPathComponent("approver.token").path
        let explicit = try await sandbox.run(["list", "--server", url, "--token-file", token])
        #expect(explicit.status == 0, "list --server: \(explicit.stderr)")
        #expect(explicit.stdout.contains("no requests"))
        let discovered = try await sandbox.run(["list"])
        #expect(discovered.status == 0, "list through server.json: \(discovered.stderr)")

        let again = try await sandbox.run(["serve", "--port", "0"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already serves"))

        server.signal(SIGTERM)
        #expect(try await server.exitStatus(timeout: .seconds(15)) == 0)
        #expect(!FileManager.default.fileExists(atPath: sandbox.serverDirectory.appendingPathComponent("server.json").path))
    }

    @Test func tokenCreatePrintsATokenTheServerAccepts() async throws {
        let sandbox = try E2ESandbox()
        defer { sandbox.remove() }
        let server = try await sandbox.serve()
        defer { server.signal(SIGKILL) }
        let created = try await sandbox.run(["token", "create", "--name", "ci-bot", "--role", "agent"])
        #expect(created.status == 0, "token create: \(created.stderr)")
        let lines = created.stdout.split(separator: "\n").map(String.init)
        let token = try #require(lines.last)
        #expect(token.count == 40)
        #expect(lines.first?.contains("agent 'ci-bot'") == true)
        let request = try await sandbox.run(
            ["request", "--tool", "list_files", "--args", "{}"], extra: ["APPROVAL_TUI_AGENT_TOKEN": token])
        #expect(request.status == 0, "request with the new token: \(request.stderr)")

        let listed = try await sandbox.run(["token", "list", "--json"])
        #expect(listed.status == 0, "token list: \(listed.stderr)")
        #expect(listed.stdout.contains("\"ci-bot\""))
        #expect(!listed.stdout.contains(token))
        let table = try await sandbox.run(["token", "list"])
        #expect(table.stdout.split(separator: "\n").first?.hasPrefix("ID") == true)
        #expect(table.stdout.contains("ci-bot") && !table.stdout.contains(token))

        let conflict = try await sandbox.run(["token", "create", "--name", "ci-bot", "--role", "approver"])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("a principal has one role"))
        #expect(conflict.stdout.isEmpty)

        let revoked = try await sandbox.run(["token", "revoke", "ci-bot"])
        #expect(revoked.status == 0, "token revoke: \(revoked.stderr)")
        let refused = try await sandbox.run(
            ["request", "--tool", "list_files", "--args", "{}"], extra: ["APPROVAL_TUI_AGENT_TOKEN": token])
        #expect(refused.status == 3)
        let unknown = try await sandbox.run(["token", "revoke", "nobody\u{1B}[2J"])
        #expect(unknown.status == 1)
        #expect(!unknown.stderr.contains("\u{1B}"))
        server.signal(SIGTERM)
        _ = try await server.exitStatus(timeout: .seconds(15))
    }
}
