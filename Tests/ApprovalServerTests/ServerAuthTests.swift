import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

@Suite struct ServerAuthTests {
    @Test func firstStartWritesTwoPrivateFortyCharacterTokens() async throws {
        let server = try await TestServer()
        for file in [server.server.dataDirectory.approverTokenFile, server.server.dataDirectory.agentTokenFile] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        for token in [server.approverToken, server.agentToken] {
            #expect(token.count == 40)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
        #expect(server.approverToken != server.agentToken)
        await server.finish()
    }

    @Test func missingHeaderIsNotAuthenticatedWithBearerChallenge() async throws {
        let server = try await TestServer()
        let answer = try await server.call("GET", "/api/v1/approval-requests", token: nil)
        #expect(answer.status == 401)
        #expect(answer["detail"] == "Not authenticated")
        #expect(answer.headers["www-authenticate"] == "Bearer")
        await server.finish()
    }

    @Test func unknownTokenIsInvalidCredentials() async throws {
        let server = try await TestServer()
        let answer = try await server.call("GET", "/api/v1/approval-requests", token: String(repeating: "x", count: 40))
        #expect(answer.status == 401)
        #expect(answer["detail"] == "Invalid authentication credentials")
        await server.finish()
    }

    @Test func agentTokenIsForbiddenOnEveryApproverEndpoint() async throws {
        let server = try await TestServer()
        let id = UUID().uuidString.lowercased()
        let calls: [(String, String)] = [
            ("GET", "/api/v1/approval-requests"), ("GET", "/api/v1/approval-requests/\(id)"),
            ("POST", "/api/v1/approval-requests/\(id)/approve"), ("POST", "/api/v1/approval-requests/\(id)/decline"),
            ("POST", "/api/v1/approval-requests/\(id)/decide"), ("GET", "/api/v1/approval-workflows"),
            ("GET", "/api/v1/approval-policies"), ("GET", "/api/v1/tools"), ("GET", "/api/v1/flows"),
            ("GET", "/api/v1/flows/executions"), ("GET", "/api/v1/flows/executions/\(id)/logs"),
            ("POST", "/api/v1/flows/executions/\(id)/command"), ("GET", "/api/v1/auth/users/me"),
        ]
        for (method, path) in calls {
            let answer = method == "GET"
                ? try await server.call(method, path, token: server.agentToken)
                : try await server.call(method, path, token: server.agentToken, json: ["approved": true, "command": "stop"])
            #expect(answer.status == 403, "\(method) \(path)")
        }
        await server.finish()
    }

    @Test func approverTokenCannotCreateToolCalls() async throws {
        let server = try await TestServer()
        let answer = try await server.createToolCall("deploy_service", justification: "x", token: server.approverToken)
        #expect(answer.status == 403)
        await server.finish()
    }

    @Test func createdTokensWorkForTheirRole() async throws {
        let server = try await TestServer()
        let approver = try ApprovalServer.createToken(role: .approver, name: "bob", dataDirectory: server.directory)
        let agent = try ApprovalServer.createToken(role: .agent, name: "bot", dataDirectory: server.directory)
        #expect(try await server.call("GET", "/api/v1/auth/users/me", token: approver)["username"] == "bob")
        #expect(try await server.createToolCall("read_file", token: agent).status == 202)
        #expect(try await server.call("GET", "/api/v1/tools", token: agent).status == 403)
        await server.finish()
    }

    @Test func pingAndHealthNeedNoToken() async throws {
        let server = try await TestServer()
        let ping = try await server.call("GET", "/api/v1/ping", token: nil)
        #expect(ping.status == 200)
        #expect(ping["status"] == "pong")
        #expect(ping["timestamp"]?.stringValue?.hasSuffix("+00:00") == true)
        let health = try await server.call("GET", "/api/v1/health", token: nil)
        #expect(health["status"] == "healthy")
        #expect(health["database"] == "connected")
        await server.finish()
    }

    @Test func unknownRouteIsJSONNotFound() async throws {
        let server = try await TestServer()
        let answer = try await server.call("GET", "/api/v1/nothing-here", token: server.approverToken)
        #expect(answer.status == 404)
        #expect(answer["detail"] == "Not Found")
        await server.finish()
    }

    @Test func bodyOverOneMebibyteIsRejected() async throws {
        let server = try await TestServer()
        let big = Data(repeating: 0x20, count: (1 << 20) + 10)
        let answer = try await server.call(
            "POST", "/api/v1/agent/tool-calls", token: server.agentToken, body: big)
        #expect(answer.status == 413)
        await server.finish()
    }
}

@Suite struct ServerLifecycleTests {
    @Test func secondServerOnABusyPortFailsWithAListenError() async throws {
        let first = try await TestServer()
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: other) }
        let second = ApprovalServer(configuration: .init(port: first.port, dataDirectory: other, policies: .starter))
        await #expect {
            try await second.start()
        } throws: { error in
            guard case .listen(let text) = error as? ServerError else { return false }
            return text.contains("127.0.0.1:\(first.port)")
        }
        await first.finish()
    }

    @Test func hostThatIsNotAnAddressIsAListenError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = ApprovalServer(configuration: .init(host: "not a host", port: 0, dataDirectory: directory, policies: .starter))
        await #expect(throws: ServerError.listen("not a host: not an IP address (use an IPv4 or IPv6 literal, or localhost)")) {
            try await server.start()
        }
    }

    @Test func requestLogNamesMethodPathAndStatusButNoToken() async throws {
        let lines = LogLines()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = ApprovalServer(configuration: .init(
            port: 0, dataDirectory: directory, policies: .starter, requestLog: { lines.append($0) }))
        let port = try await server.start()
        let client = try await TestServer(remotePort: port, directory: directory)
        let token = client.agentToken
        _ = try await client.call("GET", "/api/v1/agent/tool-calls/x?token=\(token)", token: token)
        client.session.invalidateAndCancel()
        await server.stop()
        #expect(lines.all == ["GET /api/v1/agent/tool-calls/x 404"])
    }
}

/// Collects log lines from the server's tasks.
final class LogLines: @unchecked Sendable {
    // Safe: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
