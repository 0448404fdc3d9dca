import ApprovalClient
import ApprovalModel
import ApprovalServer
import ApprovalViewModels
import Foundation
import Testing
@testable import ApprovalTUI

/// The effects of a console on two servers (two local servers in process, `team` and `mine`):
/// each decision reaches the server its request came from, with that server's own id, and the
/// journal says which; questions to every server join their answers; a server that stops takes
/// only its own part with it.
@Suite struct FleetEffectTests {
    private struct Rig {
        let team: LocalServerFixture
        let mine: LocalServerFixture
        let teamClient: PreloopClient
        let mineClient: PreloopClient
        let store: LocalStore
        let mailbox: Mailbox<LoopMessage>
        let interpreter: EffectInterpreter
        var state: ConsoleState

        func collect<T>(atLeast count: Int, _ pick: (ConsoleEvent) -> T?) async throws -> [T] {
            try await mailbox.collect(atLeast: count, pick)
        }
    }

    private func rig() async throws -> Rig {
        let team = try await LocalServerFixture()
        let mine = try await LocalServerFixture()
        let teamClient = try team.approverClient(), mineClient = try mine.approverClient()
        let store = try LocalStore(path: team.root.appendingPathComponent("console.sqlite").path)
        func member(_ name: String, _ client: PreloopClient) -> FleetMember {
            FleetMember(
                scope: ServerScope(name: name, qualifies: true), client: client,
                poller: ConsoleSession.poller(for: client, interval: .seconds(3600), now: { Date() }))
        }
        let mailbox = Mailbox<LoopMessage>()
        let options = ConsoleOptions(
            bell: false, desktop: false, channel: .unavailable, useColour: false,
            themes: ThemeLoader(directories: [BundledFiles.themes()], read: ThemeLoader.localFiles),
            now: { Date() }, checkProfile: { _ in nil })
        let interpreter = EffectInterpreter(environment: EffectEnvironment(
            surface: RecordingSurface(), fleet: ServerFleet(members: [member("team", teamClient), member("mine", mineClient)]),
            store: store, storeError: nil, mailbox: mailbox, options: options))
        return Rig(
            team: team, mine: mine, teamClient: teamClient, mineClient: mineClient, store: store, mailbox: mailbox,
            interpreter: interpreter,
            state: ConsoleState(serverName: "team + mine", size: Size(columns: 120, rows: 24), now: Date(), servers: ["team", "mine"]))
    }

    @Test func eachDecisionGoesToItsOwnServerWithThatServersIdAndTheJournalSaysWhich() async throws {
        var rig = try await rig()
        defer { Task { [team = rig.team, mine = rig.mine] in await team.stop(); await mine.stop() } }
        let teamID = try #require(try await rig.team.submitToolCall("team_deploy", args: [:], justification: "release"))
        let mineID = try #require(try await rig.mine.submitToolCall("mine_cleanup", args: [:], justification: "disk"))
        _ = rig.interpreter.perform(
            [.decide(["team:\(teamID)"], .approve, comment: nil), .decide(["mine:\(mineID)"], .decline, comment: "no")],
            state: &rig.state)
        let answers = try await rig.collect(atLeast: 2) { event -> (String, Result<ApprovalRequest, ClientError>)? in
            if case .decisionFinished(let id, let result) = event { (id, result) } else { nil }
        }
        let byID = Dictionary(answers, uniquingKeysWith: { first, _ in first })
        // The answers come back under the ids the console knows, qualified.
        #expect((try? byID["team:\(teamID)"]?.get())?.id == "team:\(teamID)")
        #expect((try? byID["mine:\(mineID)"]?.get())?.status == .declined)
        #expect(try await rig.teamClient.approvalRequest(id: teamID).status == .approved)
        #expect(try await rig.mineClient.approvalRequest(id: mineID).status == .declined)
        let journal = try rig.store.journal(limit: 10)
        #expect(journal.first { $0.requestID == teamID }?.server == rig.teamClient.serverName)
        #expect(journal.first { $0.requestID == mineID }?.server == rig.mineClient.serverName)
        #expect(journal.allSatisfy { !$0.requestID.contains(":") }, "the journal keeps each server's own id")
    }

    @Test func anIdThatNamesNoServerOfTheConsoleIsNeverSentAnywhere() async throws {
        var rig = try await rig()
        defer { Task { [team = rig.team, mine = rig.mine] in await team.stop(); await mine.stop() } }
        let teamID = try #require(try await rig.team.submitToolCall("team_deploy", args: [:], justification: "release"))
        // Unqualified, and qualified by a server this console does not have.
        _ = rig.interpreter.perform([.decide([teamID, "other:\(teamID)"], .approve, comment: nil)], state: &rig.state)
        let answers = try await rig.collect(atLeast: 2) { event -> Result<ApprovalRequest, ClientError>? in
            if case .decisionFinished(_, let result) = event { result } else { nil }
        }
        #expect(answers.allSatisfy { (try? $0.get()) == nil })
        #expect(try await rig.teamClient.approvalRequest(id: teamID).status == .pending)
    }

    @Test func historyAndPoliciesJoinEveryServersAnswerWithIdsApart() async throws {
        var rig = try await rig()
        defer { Task { [team = rig.team, mine = rig.mine] in await team.stop(); await mine.stop() } }
        let teamID = try #require(try await rig.team.submitToolCall("team_deploy", args: [:], justification: "release"))
        let mineID = try #require(try await rig.mine.submitToolCall("mine_cleanup", args: [:], justification: "disk"))
        _ = try await rig.teamClient.decide(id: teamID, verdict: .approve, comment: nil)
        _ = try await rig.mineClient.decide(id: mineID, verdict: .decline, comment: nil)
        _ = rig.interpreter.perform([.fetchHistory], state: &rig.state)
        let history = try await rig.collect(atLeast: 1) { event -> Result<[ApprovalRequest], ClientError>? in
            if case .historyLoaded(let result) = event { result } else { nil }
        }[0]
        #expect(Set(try history.get().map(\.id)) == ["team:\(teamID)", "mine:\(mineID)"])
        _ = rig.interpreter.perform([.fetchPolicies], state: &rig.state)
        let policies = try await rig.collect(atLeast: 1) { event -> Result<[ApprovalPolicy], ClientError>? in
            if case .policiesLoaded(let result) = event { result } else { nil }
        }[0]
        let teamPolicies = try await rig.teamClient.policies().map { "team:\($0.id)" }
        let minePolicies = try await rig.mineClient.policies().map { "mine:\($0.id)" }
        // Both local servers hand out the same policy ids: qualified, they stay two sets.
        #expect(try policies.get().map(\.id) == teamPolicies + minePolicies)
        #expect(Set(teamPolicies).isDisjoint(with: minePolicies))
    }

    @Test func aServerThatStopsTakesOnlyItsOwnPartAndSaysSo() async throws {
        var rig = try await rig()
        defer { Task { [team = rig.team, mine = rig.mine] in await team.stop(); await mine.stop() } }
        let teamID = try #require(try await rig.team.submitToolCall("team_deploy", args: [:], justification: "release"))
        let mineID = try #require(try await rig.mine.submitToolCall("mine_cleanup", args: [:], justification: "disk"))
        await rig.mine.stopServerOnly()
        _ = rig.interpreter.perform([.fetchPolicies], state: &rig.state)
        // The joined answer, then the line naming the server left out.
        let events = try await rig.collect(atLeast: 2) { event -> ConsoleEvent? in
            switch event {
            case .policiesLoaded, .notice: event
            default: nil
            }
        }
        guard case .policiesLoaded(let policies) = events[0], case .notice(let notice, isError: true) = events[1] else {
            Issue.record("expected the policies, then a notice: \(events)")
            return
        }
        #expect(try policies.get().allSatisfy { $0.id.hasPrefix("team:") })
        #expect(try !policies.get().isEmpty)
        #expect(notice.hasPrefix("policies shown without mine ("))

        _ = rig.interpreter.perform(
            [.decide(["mine:\(mineID)", "team:\(teamID)"], .approve, comment: nil)], state: &rig.state)
        let answers = try await rig.collect(atLeast: 2) { event -> (String, Result<ApprovalRequest, ClientError>)? in
            if case .decisionFinished(let id, let result) = event { (id, result) } else { nil }
        }
        let byID = Dictionary(answers, uniquingKeysWith: { first, _ in first })
        #expect((try? byID["team:\(teamID)"]?.get())?.status == .approved, "the live server's decision lands")
        guard case .failure(let error)? = byID["mine:\(mineID)"] else {
            Issue.record("a decision to a stopped server cannot succeed")
            return
        }
        #expect(error.isUnreachable)
        // The journal records that the outcome on mine is unknown, not that it failed or landed.
        #expect(try rig.store.journal(limit: 10).first { $0.requestID == mineID }?.outcome == .unknown)
    }
}

extension ClientError {
    fileprivate var isUnreachable: Bool {
        switch self {
        case .unreachable, .timedOut: true
        default: false
        }
    }
}
