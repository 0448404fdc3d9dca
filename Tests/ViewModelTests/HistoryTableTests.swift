import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

private typealias F = ConsoleFixtures

@Suite struct HistoryTableTests {
    private let utc = TimeZone(identifier: "UTC")!

    @Test(arguments: [("90s", 90), ("30m", 1_800), ("2h", 7_200), ("1d", 86_400), ("1w", 604_800), ("1h30m", 5_400)])
    func sinceReadsUnits(text: String, seconds: Int) {
        #expect(SinceDuration(text)?.seconds == seconds)
    }

    @Test(arguments: ["", "5", "m", "-5m", "5x", "1y", "0s", "1.5h", "5 m", "99999999999999999999s", "367d", "5m\u{0}",
                      "٣m", "53w"])
    func sinceRefusesAnythingElse(text: String) {
        #expect(SinceDuration(text) == nil, "\(text.debugDescription)")
    }

    private func decided(_ id: String, _ status: ApprovalStatus, resolvedAfter seconds: Double?, votes: [ApprovalVote]? = nil,
                         comment: String? = nil, tool: String = "deploy_service") -> ApprovalRequest {
        var request = ApprovalRequest(id: id, toolName: tool, requestedAt: F.start, expiresAt: F.at(600))
        request.status = status
        request.resolvedAt = seconds.map { F.at($0) }
        request.votes = votes
        request.approverComment = comment
        return request
    }

    @Test func newestDecisionFirstPendingLeftOutAndSinceCuts() {
        let requests = [
            decided("a", .approved, resolvedAfter: 10),
            decided("b", .declined, resolvedAfter: 300),
            decided("c", .pending, resolvedAfter: nil),
            decided("d", .expired, resolvedAfter: nil),  // ended at its deadline, 600 s in
        ]
        #expect(HistoryTable.decided(requests, since: nil).map(\.id) == ["d", "b", "a"])
        #expect(HistoryTable.decided(requests, since: F.at(200)).map(\.id) == ["d", "b"])
        // A server that lists the same request under two statuses: it is shown once.
        #expect(HistoryTable.decided(requests + [decided("a", .approved, resolvedAfter: 10)], since: nil).map(\.id) == ["d", "b", "a"])
    }

    @Test func whoDecidedIsThePrincipalsWhoseVotesCarriedIt() {
        let votes = [ApprovalVote(principal: "alice", approved: true, source: nil, comment: nil, at: F.at(5)),
                     ApprovalVote(principal: "mallory", approved: false, source: nil, comment: nil, at: F.at(6)),
                     ApprovalVote(principal: "bob", approved: true, source: nil, comment: nil, at: F.at(7))]
        #expect(HistoryTable.decidedBy(decided("a", .approved, resolvedAfter: 7, votes: votes)) == "alice, bob")
        #expect(HistoryTable.decidedBy(decided("b", .declined, resolvedAfter: 7, votes: votes)) == "mallory")
        #expect(HistoryTable.decidedBy(decided("c", .expired, resolvedAfter: nil)) == "(expired)")
        var ai = decided("d", .approved, resolvedAfter: 1)
        ai.decidedByAI = true
        ai.aiModel = "gpt\u{1B}[2J"
        #expect(!HistoryTable.decidedBy(ai).contains("\u{1B}") && HistoryTable.decidedBy(ai).hasPrefix("AI ("))
    }

    @Test func rowsShowWhenStatusToolWhoWaitedAndComment() {
        let votes = [ApprovalVote(principal: "alice", approved: true, source: nil, comment: nil, at: F.at(125))]
        let lines = HistoryTable.lines(
            for: [decided("a", .approved, resolvedAfter: 125, votes: votes, comment: "ok for INC-1")], timeZone: utc, width: 120)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("DECIDED"))
        let row = lines[1]
        #expect(row.contains("approved") && row.contains("deploy_service") && row.contains("alice"))
        #expect(row.contains("2m05s") && row.hasSuffix("ok for INC-1"))
        #expect(HistoryTable.lines(for: [], timeZone: utc, width: 80) == ["no decided requests"])
    }

    @Test func hostileTextIsMadeInertAndLinesKeepTheirWidth() {
        let hostile = "x\u{1B}]52;c;cm0=\u{07}\u{202E}\r\u{0}\u{9B}31m" + String(repeating: "界", count: 200)
        let votes = [ApprovalVote(principal: hostile, approved: true, source: nil, comment: nil, at: F.at(1))]
        let lines = HistoryTable.lines(
            for: [decided("a", .approved, resolvedAfter: 1, votes: votes, comment: hostile, tool: hostile)], timeZone: utc, width: 80)
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
            #expect(Sanitizer.line.sanitize(line).displayWidth <= 80)
        }
    }
}
