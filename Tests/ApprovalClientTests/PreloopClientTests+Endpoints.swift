import ApprovalClient
import ApprovalModel
import Foundation
import Testing

extension PreloopClientTests {
    // MARK: - Policies

    @Test func policiesFallBackToTheSeedRouteAndProbeOnce() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-workflows", reply: try .fixture("approval_workflows_list_404"))
            await server.on("GET", "/api/v1/approval-policies", reply: try .fixture("approval_policies_list"))
            let client = try Self.client(server)
            let first = try await client.policies()
            let second = try await client.policies()
            #expect(first == second)
            #expect(first.contains { $0.name == "Payments two-person rule" && $0.approvalsRequired == 2 })
            #expect(await server.requests.map(\.path) == [
                "/api/v1/approval-workflows", "/api/v1/approval-policies", "/api/v1/approval-policies",
            ])
            #expect(await client.knownPolicyRoute() == .policies)
        }
    }

    @Test func policiesUseWorkflowsWhenTheServerHasThem() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-workflows", reply: try .fixture("approval_policies_list"))
            let client = try Self.client(server)
            _ = try await client.policies()
            let policies = try await client.policies()
            #expect(!policies.isEmpty)
            #expect(await server.requests.map(\.path) == ["/api/v1/approval-workflows", "/api/v1/approval-workflows"])
            #expect(await client.knownPolicyRoute() == .workflows)
        }
    }

    @Test func policyProbeThatFailsOtherwiseIsReportedAndNotRemembered() async throws {
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/approval-workflows", reply: try .fixture("approval_requests_list_bad_token_401"))
            let client = try Self.client(server)
            await #expect(throws: ClientError.unauthorized(detail: "Invalid authentication credentials")) {
                try await client.policies()
            }
            #expect(await client.knownPolicyRoute() == nil)
        }
    }

    // MARK: - Other reads

    @Test func readEndpointsDecodeTheCapturedBodies() async throws {
        let running = "c1aa9394-e2e5-471a-b4a9-0b6abb992051"
        try await FixtureServer.run { server in
            await server.on("GET", "/api/v1/tools", reply: try .fixture("tools_list"))
            await server.on("GET", "/api/v1/flows", reply: try .fixture("flows_list"))
            await server.on("GET", "/api/v1/flows/executions", reply: try .fixture("flow_executions_list"))
            await server.on("GET", "/api/v1/flows/executions/\(running)", reply: try .fixture("flow_execution_get_running"))
            await server.on("GET", "/api/v1/flows/executions/\(running)/logs", reply: try .fixture("flow_execution_logs_tail3"))
            await server.on("GET", "/api/v1/health", reply: try .fixture("health_health"))
            let client = try Self.client(server)

            #expect(try await client.tools().contains { $0.name == "delete_records" })
            #expect(try await !client.flows().isEmpty)
            #expect(try await !client.flowExecutions(skip: 0, limit: 10).isEmpty)
            #expect(try await client.flowExecution(id: running).status == .running)
            let logs = try await client.executionLogs(id: running, tail: 3)
            #expect(logs.logs.count == 6)  // Preloop ignores tail for stored logs
            #expect(try await client.health().isHealthy)

            let queries = await server.requests.map(\.query)
            #expect(queries[2] == ["skip": "0", "limit": "10"])
            #expect(queries[4] == ["tail": "3"])
        }
    }

    @Test func stoppingARunSendsTheStopCommand() async throws {
        let id = "c1aa9394-e2e5-471a-b4a9-0b6abb992051"
        try await FixtureServer.run { server in
            await server.on("POST", "/api/v1/flows/executions/\(id)/command", reply: try .fixture("flow_execution_command_stop"))
            let reply = try await Self.client(server).stopExecution(id: id)
            #expect(reply.status == "stopped")
            let sent = try #require(await server.requests.first)
            #expect(try JSONDecoder().decode(JSONValue.self, from: sent.body) == ["command": "stop"])
        }
    }
}
