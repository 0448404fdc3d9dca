import ApprovalClient
import ApprovalModel
import ApprovalPush
import ApprovalServer
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct PushListenerTests {
    func makeListener(
        _ server: PushTestServer, token: String? = nil, schedule: PushSchedule = PushSchedule(), randomUnit: Double = 0.5
    ) throws -> PushListener {
        PushListener(
            serverURL: server.baseURL, token: try token ?? server.token(.approver), schedule: schedule,
            clock: ScaledClock(), randomUnit: { randomUnit })
    }

    /// Reads updates until `predicate` matches one; returns everything read, that one last.
    func read(
        _ updates: inout AsyncStream<PushUpdate>.Iterator, until predicate: (PushUpdate) -> Bool
    ) async -> [PushUpdate] {
        var seen: [PushUpdate] = []
        while let update = await updates.next() {
            seen.append(update)
            if predicate(update) { break }
        }
        return seen
    }

    @Test func theSocketAddressFollowsTheServersSchemeAndPrefix() {
        #expect(PushListener.socketURL(for: URL(string: "http://127.0.0.1:8600")!) == "ws://127.0.0.1:8600/api/v1/ws/unified")
        #expect(PushListener.socketURL(for: URL(string: "https://preloop.example")!) == "wss://preloop.example/api/v1/ws/unified")
        #expect(PushListener.socketURL(for: URL(string: "https://host/preloop/api/v1/")!) == "wss://host/preloop/api/v1/ws/unified")
    }

    /// Five requests, one after another: the fastest must arrive within a second (alone it takes
    /// a few milliseconds; the slack is for two cores busy with the whole suite). All are printed.
    @Test func aNewRequestReachesTheListenerWellWithinASecondOfItsCreation() async throws {
        let server = try await PushTestServer()
        let listener = try makeListener(server)
        var updates = listener.updates.makeAsyncIterator()
        await listener.start()
        #expect(await read(&updates) { $0 == .state(.live) }.last == .state(.live))
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        for _ in 0..<5 {
            let started = clock.now
            async let created = server.createRequest(tool: "deploy_service")
            let arrival = await read(&updates) { if case .event = $0 { true } else { false } }
            latencies.append(clock.now - started)
            let id = try await created
            guard case .event(.approval(let event))? = arrival.last else {
                Issue.record("no event: \(arrival)")
                break
            }
            #expect(event.type == "approval_created")
            #expect(event.approvalRequestID == id)
        }
        #expect(latencies.count == 5)
        #expect((latencies.min() ?? .seconds(60)) < .seconds(1))
        print("push latency (HTTP create → PushListener event): \(latencies.map { "\($0)" }.joined(separator: ", "))")
        await listener.stop()
        await server.finish()
    }

    @Test func itReconnectsWithBackoffWhenTheServerGoesAwayAndAuthenticatesAgain() async throws {
        let server = try await PushTestServer()
        let listener = try makeListener(server)
        var updates = listener.updates.makeAsyncIterator()
        await listener.start()
        _ = await read(&updates) { $0 == .state(.live) }
        await server.stop()
        var retries: [Duration] = []
        while retries.count < 4, let update = await updates.next() {
            if case .state(.failed(_, let retryIn)) = update { retries.append(retryIn) }
        }
        #expect(retries == [1, 2, 4, 8].map { Duration.seconds($0) })
        try await server.start()
        let back = await read(&updates) { $0 == .state(.live) }
        #expect(back.last == .state(.live))
        try await server.createRequest()
        let next = await read(&updates) { if case .event = $0 { true } else { false } }
        if case .event(.approval(let event))? = next.last {
            #expect(event.type == "approval_created")
        } else {
            Issue.record("no event after reconnecting: \(next)")
        }
        await listener.stop()
        await server.finish()
    }

    @Test func itAnswersTheServersHeartbeatPingAndStaysLive() async throws {
        let server = try await PushTestServer(push: PushSettings(idleBeforePing: .milliseconds(50), pongTimeout: .seconds(2)))
        // A keepalive far longer than the server's patience: only answering its pings keeps the socket.
        let listener = try makeListener(server, schedule: PushSchedule(keepalive: .seconds(3_600_000)))
        var updates = listener.updates.makeAsyncIterator()
        await listener.start()
        _ = await read(&updates) { $0 == .state(.live) }
        try await Task.sleep(for: .seconds(4))  // many server pings; a missed one drops after ~2 s
        try await server.createRequest()
        let next = await read(&updates) { if case .event = $0 { true } else { false } }
        #expect(next.count == 1, "no state change between going live and the event: \(next)")
        await listener.stop()
        await server.finish()
    }

    @Test func aRefusedTokenIsReportedAsFailedAndRetried() async throws {
        let server = try await PushTestServer()
        let listener = try makeListener(server, token: try server.token(.agent))
        var updates = listener.updates.makeAsyncIterator()
        await listener.start()
        let seen = await read(&updates) { if case .state(.failed) = $0 { true } else { false } }
        guard case .state(.failed(let reason, let retryIn))? = seen.last else {
            Issue.record("never failed: \(seen)")
            return
        }
        #expect(reason.contains("Invalid or expired token"))
        #expect(retryIn == .seconds(1))
        #expect(await read(&updates) { $0 == .state(.connecting) }.last == .state(.connecting))
        await listener.stop()
        #expect(await updates.next() == nil)
        await server.finish()
    }
}
