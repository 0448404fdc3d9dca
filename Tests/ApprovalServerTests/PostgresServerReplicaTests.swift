import ApprovalClient
import ApprovalModel
@testable import ApprovalServer
import Foundation
import PostgresNIO
import Testing

/// Three whole servers — HTTP, tokens, policies, tools — on one PostgreSQL database, each with
/// its own data folder, as a team runs them behind one address. Every call goes over HTTP.
@Suite(.enabled(if: PostgresCluster.isAvailable, "PostgreSQL is not installed here; CI installs it"))
struct PostgresServerReplicaTests {
    /// Three servers started at the same moment on a new database.
    static func replicas(
        _ policies: PolicySet = TestServer.defaultPolicies, count: Int = 3, problemLog: (@Sendable (String) -> Void)? = nil
    ) async throws -> (PostgresLocation, [TestServer]) {
        let location = try await PostgresCluster.shared.freshDatabase()
        let servers = try await withThrowingTaskGroup(of: (Int, TestServer).self) { group in
            for index in 0..<count {
                group.addTask {
                    (index, try await TestServer(
                        policies: policies, problemLog: problemLog, database: location, replica: "replica-\(index)"))
                }
            }
            return try await group.reduce(into: [(Int, TestServer)]()) { $0.append($1) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return (location, servers)
    }

    static func finish(_ servers: [TestServer]) async {
        for server in servers { await server.finish() }
    }

    @Test func aTokenFromOneReplicaWorksOnEveryOtherAndEachSeesTheSameQueue() async throws {
        let (_, servers) = try await Self.replicas()
        let created = try await servers[0].createToolCall("send_payment", args: ["amount": 5], justification: "rent")
        #expect(created.status == 202)
        let id = try #require(created["request_id"]?.stringValue)
        for server in servers {
            // Replica 0's approver token, on every replica.
            let listed = try await server.call("GET", "/api/v1/approval-requests", token: servers[0].approverToken)
            #expect(listed.status == 200)
            #expect(listed.json?.arrayValue?.map { $0["id"]?.stringValue } == [id])
        }
        // The list's tag is one for the whole team: a tag from replica 1 is current on replica 2.
        let first = try await servers[1].call("GET", "/api/v1/approval-requests", token: servers[1].approverToken)
        let tag = try #require(first.headers["etag"])
        let same = try await servers[2].call(
            "GET", "/api/v1/approval-requests", token: servers[2].approverToken, headers: ["If-None-Match": tag])
        #expect(same.status == 304)
        _ = try await servers[0].decide(id, token: servers[0].approverToken)
        let changed = try await servers[2].call(
            "GET", "/api/v1/approval-requests", token: servers[2].approverToken, headers: ["If-None-Match": tag])
        #expect(changed.status == 200)
        await Self.finish(servers)
    }

    @Test func fiftyConcurrentDecisionsOverThreeServersHaveOneWinner() async throws {
        let (_, servers) = try await Self.replicas()
        let id = try #require(try await servers[0].createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
        let answers = try await withThrowingTaskGroup(of: (Bool, Answer).self) { group in
            for attempt in 0..<50 {
                group.addTask {
                    let server = servers[attempt % 3]
                    let approve = attempt % 2 == 0
                    return (approve, try await server.decide(
                        id, approve ? "approve" : "decline", approved: approve, token: server.approverToken))
                }
            }
            return try await group.reduce(into: [(Bool, Answer)]()) { $0.append($1) }
        }
        let winners = answers.filter { $0.1.status == 200 }
        #expect(winners.count == 1)
        #expect(answers.filter { $0.1.status != 200 }.allSatisfy { $0.1.status == 400 })
        let final = try await servers[1].call("GET", "/api/v1/approval-requests/\(id)", token: servers[1].approverToken)
        #expect(final["status"]?.stringValue == (winners.first?.0 == true ? "approved" : "declined"))
        await Self.finish(servers)
    }

    @Test func tenPollersOverThreeServersRunAnApprovedToolOnce() async throws {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("count-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: countFile) }
        let (_, servers) = try await Self.replicas(AgentFlowTests.countingPolicies(countFile))
        for _ in 0..<3 {
            let id = try #require(
                try await servers[0].createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
            _ = try await servers[1].decide(id, token: servers[1].approverToken)
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for poller in 0..<10 {
                    let server = servers[poller % 3]
                    group.addTask { try await server.poll(id, token: servers[0].agentToken) }
                }
                return try await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { ["approved", "executing"].contains($0["status"]?.stringValue) })
            let final = try await servers[2].poll(id, token: servers[0].agentToken)
            #expect(final["tool_result"]?["exit_status"] == 0)
        }
        #expect(AgentFlowTests.runs(countFile) == 3)
        await Self.finish(servers)
    }

    @Test func twoTokensOfOnePersonOnTwoServersMeetNoTwoPersonRule() async throws {
        let (location, servers) = try await Self.replicas()
        // A second token for the same person, made on the shared database.
        let store = try await PostgresStore.open(location, replica: "token-tool")
        let second = try await store.createToken(role: .approver, name: "approver", at: Date()).secret
        await store.close()
        let id = try #require(
            try await servers[0].createToolCall("send_payment", args: ["amount": 5], justification: "rent")["request_id"]?
                .stringValue)
        async let first = servers[0].decide(id, token: servers[0].approverToken)
        async let again = servers[1].decide(id, token: second)
        let both = try await [first, again]
        #expect(both.filter { $0.status == 200 }.count == 1)
        let refused = try #require(both.first { $0.status != 200 })
        #expect(refused.status == 400)
        #expect(refused["detail"]?.stringValue?.contains("Already voted: 'approver'") == true)
        let shown = try await servers[2].call("GET", "/api/v1/approval-requests/\(id)", token: second)
        #expect(shown["status"] == "pending")
        await Self.finish(servers)
    }

    @Test func aWaitingAgentOnOneServerWakesWhenAnotherDecides() async throws {
        let (_, servers) = try await Self.replicas()
        let id = try #require(try await servers[0].createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
        let clock = ContinuousClock()
        let start = clock.now
        let waiting = Task {
            try await servers[0].call("GET", "/api/v1/agent/tool-calls/\(id)?wait=30", token: servers[0].agentToken)
        }
        try await Task.sleep(for: .milliseconds(300))
        _ = try await servers[2].decide(id, "decline", approved: false, comment: "not today", token: servers[2].approverToken)
        let answer = try await waiting.value
        #expect(answer["status"] == "declined")
        #expect(answer["reason"] == "not today")
        // Woken by the decision on the other server, not by the 30 s wait running out.
        #expect(clock.now - start < .seconds(15))
        await Self.finish(servers)
    }

    @Test func aServerWhoseDatabaseGoesAwayAnswers503AndRecoversByItself() async throws {
        let problems = LogLines()
        let (location, servers) = try await Self.replicas(count: 1, problemLog: { problems.append($0) })
        let server = servers[0]
        let id = try #require(try await server.createToolCall("deploy_service", justification: "x")["request_id"]?.stringValue)
        // The database refuses this database's connections for a while (as a failover would).
        try await PostgresCluster.admin(PostgresReplicaTests.endpoint(location)) { client in
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(location.database) ALLOW_CONNECTIONS false"))
            try await client.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = \(location.database) AND pid <> pg_backend_pid()
                """)
        }
        let refused = try await server.decide(id, token: server.approverToken)
        #expect(refused.status == 503)
        #expect(refused["detail"]?.stringValue?.contains("PostgreSQL at \(location)") == true)
        #expect(problems.all.contains { $0.contains("refused POST") })
        try await PostgresCluster.admin(PostgresReplicaTests.endpoint(location)) { client in
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(location.database) ALLOW_CONNECTIONS true"))
        }
        var decided: Answer?
        for _ in 0..<50 where decided?.status != 200 {
            decided = try await server.decide(id, token: server.approverToken)
            if decided?.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(decided?.status == 200)
        // Nothing of the refused decision was kept: one vote, the one that was acknowledged.
        let shown = try await server.call("GET", "/api/v1/approval-requests/\(id)", token: server.approverToken)
        #expect(shown["status"] == "approved")
        #expect(shown["votes"]?.arrayValue?.count == 1)
        await Self.finish(servers)
    }
}
