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
        let created = try await sandbox.run(["token", "create", "--role", "agent"])
        #expect(created.status == 0, "token create: \(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count >= 20)
        let request = try await sandbox.run(
            ["request", "--tool", "list_files", "--args", "{}"], extra: ["APPROVAL_TUI_AGENT_TOKEN": token])
        #expect(request.status == 0, "request with the new token: \(request.stderr)")
        server.signal(SIGTERM)
        _ = try await server.exitStatus(timeout: .seconds(15))
    }
}
