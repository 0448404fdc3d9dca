import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The local server's `/api/v1/ws/unified`, spoken to with a plain websocket client.
@Suite(.timeLimit(.minutes(1)))
struct UnifiedSocketTests {
    /// The keys of Preloop's `approval_created` frame (fixtures/preloop/ws_approval_created.json).
    static let approvalKeys: Set<String> = [
        "type", "approval_request_id", "account_id", "tool_configuration_id", "approval_policy_id", "execution_id",
        "tool_name", "tool_args", "agent_reasoning", "status", "requested_at", "resolved_at", "expires_at", "timestamp",
    ]

    func withServer(
        _ settings: PushSettings = PushSettings(), _ body: (PushTestServer) async throws -> Void
    ) async throws {
        let server = try await PushTestServer(push: settings)
        do {
            try await body(server)
        } catch {
            await server.finish()
            throw error
        }
        await server.finish()
    }

    /// A probe past the handshake, authenticated with `token`.
    func authenticated(_ server: PushTestServer, token: String) async throws -> SocketProbe {
        let probe = try await SocketProbe.connect(server.socketURL)
        #expect(try await probe.nextType() == "handshake")
        try await probe.authenticate(token)
        #expect(try await probe.nextType() == "authenticated")
        return probe
    }

    @Test func theFirstFrameIsAnUnauthenticatedHandshake() async throws {
        try await withServer { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            let handshake = try await probe.nextJSON()
            #expect(handshake["type"] == "handshake")
            #expect(handshake["authenticated"] == false)
            #expect(handshake["message"] == "Connected to unified WebSocket")
            #expect(UUID(uuidString: handshake["session_id"]?.stringValue ?? "") != nil)
            await probe.close()
        }
    }

    @Test func anApproverTokenAuthenticatesAndNamesTheUser() async throws {
        try await withServer { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            try await probe.authenticate(try server.token(.approver))
            let answer = try await probe.nextJSON()
            #expect(answer["type"] == "authenticated")
            #expect(answer["user"]?["username"] == "approver")
            #expect(UUID(uuidString: answer["user"]?["id"]?.stringValue ?? "") != nil)
            #expect(answer["user"]?["email"] != nil)
            await probe.close()
        }
    }

    @Test func anUnknownTokenGetsAuthErrorAndTheSocketStaysOpen() async throws {
        try await withServer { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            try await probe.authenticate("not-a-token")
            #expect(try await probe.nextJSON() == ["type": "auth_error", "error": "Invalid or expired token"])
            try await probe.send(#"{"type":"ping"}"#)
            #expect(try await probe.nextJSON() == ["type": "pong"])
            await probe.close()
        }
    }

    @Test func aMissingTokenIsRefusedWithPreloopsMessage() async throws {
        try await withServer { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            try await probe.send(#"{"type":"authenticate"}"#)
            #expect(try await probe.nextJSON() == ["type": "auth_error", "error": "Token required for authentication"])
            await probe.close()
        }
    }

    @Test func anAgentTokenIsRefusedAndSeesNoEvents() async throws {
        try await withServer { server in
            let agent = try await SocketProbe.connect(server.socketURL)
            _ = try await agent.nextJSON()
            try await agent.authenticate(try server.token(.agent))
            #expect(try await agent.nextJSON() == ["type": "auth_error", "error": "Invalid or expired token"])
            let approver = try await authenticated(server, token: try server.token(.approver))
            try await server.createRequest()
            #expect(try await approver.nextType() == "approval_created")
            // The event was queued before the HTTP answer; the agent's next frame is its pong.
            try await agent.send(#"{"type":"ping"}"#)
            #expect(try await agent.nextJSON() == ["type": "pong"])
            await agent.close()
            await approver.close()
        }
    }

    @Test func approvalEventsArriveInOrderInPreloopsShapeWithoutSecrets() async throws {
        try await withServer { server in
            let probe = try await authenticated(server, token: try server.token(.approver))
            let approved = try await server.createRequest(tool: "deploy_service")
            let declined = try await server.createRequest(tool: "delete_records")
            try await server.decide(approved, approve: true)
            try await server.decide(declined, approve: false)
            var frames: [JSONValue] = []
            for _ in 0..<4 { frames.append(try await probe.nextJSON()) }
            #expect(frames.map { $0["type"]?.stringValue } == [
                "approval_created", "approval_created", "approval_approved", "approval_declined",
            ])
            #expect(frames.map { $0["approval_request_id"]?.stringValue } == [approved, declined, approved, declined])
            for frame in frames {
                guard case .object(let members) = frame else { Issue.record("not an object"); continue }
                #expect(Set(members.keys) == Self.approvalKeys)
                #expect(!members.keys.contains { $0.contains("token") || $0.contains("url") })
                let requestedAt = members["requested_at"]?.stringValue ?? ""
                #expect(PreloopTimestamp.parse(requestedAt) != nil)
                #expect(!requestedAt.hasSuffix("Z") && !requestedAt.contains("+"))  // naive, as Preloop sends
            }
            #expect(frames[0]["status"] == "pending")
            #expect(frames[0]["tool_args"] == ["env": "prod"])
            #expect(frames[2]["status"] == "approved")
            #expect(frames[3]["status"] == "declined")
            await probe.close()
        }
    }

    @Test func aQuorumVoteIsAnnouncedWithItsCount() async throws {
        try await withServer { server in
            let probe = try await authenticated(server, token: try server.token(.approver))
            let id = try await server.createRequest(tool: "send_payment")
            #expect(try await probe.nextType() == "approval_created")
            try await server.decide(id, approve: true)
            let vote = try await probe.nextJSON()
            #expect(vote["type"] == "approval_vote_received")
            #expect(vote["status"] == "pending")
            #expect(vote["approval_count"] == 1)
            #expect(vote["approvals_required"] == 2)
            let second = try ApprovalServer.createToken(role: .approver, name: "bob", dataDirectory: server.directory)
            try await server.decide(id, approve: true, token: second)
            #expect(try await probe.nextType() == "approval_approved")
            await probe.close()
        }
    }

    @Test func expiryIsAnnouncedWhenTheServerMarksIt() async throws {
        try await withServer { server in
            let probe = try await authenticated(server, token: try server.token(.approver))
            let id = try await server.createRequest(tool: "quick_restart")
            #expect(try await probe.nextType() == "approval_created")
            server.clock.advance(by: 6)  // past the policy's 5 s timeout
            _ = try await server.call("GET", "api/v1/approval-requests", token: try server.token(.approver))
            let expired = try await probe.nextJSON()
            #expect(expired["type"] == "approval_expired")
            #expect(expired["approval_request_id"]?.stringValue == id)
            #expect(expired["status"] == "expired")
            await probe.close()
        }
    }

    @Test func aFlowRunPushesStartStatusAndLogLinesInItsEnvelope() async throws {
        try await withServer { server in
            let probe = try await authenticated(server, token: try server.token(.approver))
            let flows = try await server.call("GET", "api/v1/flows", token: try server.token(.approver))
            guard case .array(let list) = flows, let flowID = list.first?["id"]?.stringValue else {
                Issue.record("no flow")
                return
            }
            _ = try await server.call("POST", "api/v1/flows/\(flowID)/trigger", token: try server.token(.approver))
            var frames: [JSONValue] = []
            while frames.last?["payload"]?["status"] != "SUCCEEDED" && frames.last?["payload"]?["status"] != "FAILED" {
                frames.append(try await probe.nextJSON())
            }
            #expect(frames.first?["type"] == "execution_started")
            #expect(frames.first?["payload"]?["status"] == "PENDING")
            #expect(frames.first?["payload"]?["flow_id"]?.stringValue == flowID)
            #expect(frames.last?["payload"]?["status"] == "SUCCEEDED")
            let lines = frames.filter { $0["type"] == "agent_log_line" }.compactMap { $0["payload"]?["line"]?.stringValue }
            #expect(lines.contains("started-line"))
            for frame in frames {
                guard case .object(let members) = frame else { continue }
                #expect(Set(members.keys) == ["execution_id", "flow_id", "account_id", "timestamp", "type", "payload"])
                #expect(members["timestamp"]?.stringValue?.hasSuffix("+00:00") == true)
                #expect(members["flow_id"]?.stringValue == flowID)
            }
            await probe.close()
        }
    }

    @Test func aJSONPingIsAnsweredWithAPong() async throws {
        try await withServer { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            try await probe.send(#"{"type":"ping"}"#)
            #expect(try await probe.nextJSON() == ["type": "pong"])
            await probe.close()
        }
    }

    @Test func aClientThatAnswersTheHeartbeatStaysConnected() async throws {
        try await withServer(PushSettings(idleBeforePing: .milliseconds(100), pongTimeout: .seconds(20))) { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            let started = ContinuousClock.now
            #expect(try await probe.nextJSON() == ["type": "ping"])
            try await probe.send(#"{"type":"pong"}"#)
            #expect(try await probe.nextJSON() == ["type": "ping"])
            try await probe.send(#"{"type":"pong"}"#)
            #expect(try await probe.nextJSON() == ["type": "ping"])
            // Each ping is due 100 ms after the last pong, not after the 20 s pong window (which
            // would make this take 40 s); the slack is for a starved machine.
            #expect(ContinuousClock.now - started < .seconds(30))
            await probe.close()
        }
    }

    @Test func aSilentClientIsDroppedAfterTheHeartbeat() async throws {
        try await withServer(PushSettings(idleBeforePing: .milliseconds(100), pongTimeout: .milliseconds(100))) { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            #expect(try await probe.nextJSON() == ["type": "ping"])
            #expect(await probe.closes(within: 20))
            await probe.close()
        }
    }

    @Test func anythingButAPongAfterTheServersPingDrops() async throws {
        try await withServer(PushSettings(idleBeforePing: .milliseconds(100), pongTimeout: .seconds(30))) { server in
            let probe = try await SocketProbe.connect(server.socketURL)
            _ = try await probe.nextJSON()
            #expect(try await probe.nextJSON() == ["type": "ping"])
            try await probe.send(#"{"type":"subscribe","topic":"approvals"}"#)
            #expect(await probe.closes(within: 20))
            await probe.close()
        }
    }

    @Test func aClientThatStopsReadingIsDroppedWithoutHoldingUpOthers() async throws {
        try await withServer(PushSettings(queueCapacity: 4)) { server in
            let stuck = try await SocketProbe.connect(server.socketURL, isReading: false)
            // The stuck client never reads, so it authenticates blind: its handshake and answer
            // sit in its queue.
            try await stuck.authenticate(try server.token(.approver))
            let reader = try await authenticated(server, token: try server.token(.approver))
            try await waitUntil { await server.server.pushConnectionCount == 2 }
            let bulky = JSONValue.string(String(repeating: "x", count: 400_000))
            for index in 0..<40 {
                try await server.createRequest(args: ["blob": bulky, "n": .integer(Int64(index))])
                #expect(try await reader.nextType() == "approval_created")
            }
            try await waitUntil { await server.server.pushConnectionCount == 1 }
            await reader.close()
            await stuck.close()
        }
    }

    /// A token revoked while its socket is open (by `token revoke`, which opens the database on its
    /// own, as another process would) stops getting events: an auth_error, then the socket closes.
    /// Another approver's socket goes on receiving.
    @Test func aRevokedTokensSocketIsToldAndClosedWhileOthersGoOn() async throws {
        try await withServer(PushSettings(credentialRecheck: .milliseconds(100))) { server in
            let carolsToken = try ApprovalServer.createToken(role: .approver, name: "carol", dataDirectory: server.directory)
            let carol = try await authenticated(server, token: carolsToken)
            let other = try await authenticated(server, token: try server.token(.approver))
            try await server.createRequest()
            #expect(try await carol.nextType() == "approval_created")
            #expect(try await other.nextType() == "approval_created")

            let revoked = try ApprovalServer.revokeToken("carol", dataDirectory: server.directory)
            #expect(revoked.count == 1)
            #expect(try await carol.nextJSON() == ["type": "auth_error", "error": "Token revoked"])
            #expect(await carol.closes(within: 20))

            try await server.createRequest()
            #expect(try await other.nextType() == "approval_created")
            await carol.close()
            await other.close()
        }
    }

    /// Polls `condition` for up to 30 s (generous: the whole suite may be running on two cores).
    func waitUntil(_ condition: () async -> Bool) async throws {
        for _ in 0..<1500 where !(await condition()) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await condition())
    }
}
