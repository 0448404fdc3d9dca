import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import MCP
import Testing

/// Finding 2: an approver credential could create tool calls over `/mcp/v1`, approve them
/// itself over REST and collect the result. The gateway is the agent side: approvers are refused.
@Suite(.timeLimit(.minutes(2)))
struct ApproverOverMCPTests {
    @Test func theSDKClientWithAnApproverTokenCannotEvenConnect() async throws {
        let server = try await GatewayTestServer()
        await #expect(throws: (any Error).self) {
            let client = try await server.client(token: server.approverToken)
            _ = try await client.call("deploy_preview", ["justification": "I am the approver"])
        }
        let requests = try await server.rest("GET", "/api/v1/approval-requests")
        #expect(requests == [])
        await server.finish()
    }

    @Test func everyGatewayMethodAnswersAnApproverWithAJSONRPCError() async throws {
        let server = try await GatewayTestServer()
        let calls: [(String, JSONValue)] = [
            ("initialize", ["protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]]),
            ("tools/list", [:]),
            ("tools/call", ["name": "deploy_preview", "arguments": ["justification": "self-approved"]]),
            ("tools/call", ["name": "get_approval_status", "arguments": ["request_id": .string(UUID().uuidString)]]),
        ]
        for (method, params) in calls {
            let answer = try await server.rawMCP(method, params, token: server.approverToken)
            #expect(answer.status == 403, "\(method)")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.utf8))
            #expect(body["jsonrpc"] == "2.0")
            #expect(body["id"] == .integer(1))
            #expect(body["error"]?["code"] == .integer(-32001))
            #expect(body["error"]?["message"]?.stringValue?.contains("approver credentials cannot create") == true)
        }
        #expect(try await server.rest("GET", "/api/v1/approval-requests") == [])
        // The agent's own token still works on the same gateway.
        let agent = try await server.client()
        let pending = try await agent.call("deploy_preview", ["justification": "a real agent"])
        #expect(pending["status"] == "pending_approval")
        await agent.disconnect()
        await server.finish()
    }
}
