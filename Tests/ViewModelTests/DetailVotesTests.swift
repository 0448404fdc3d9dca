import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// The detail view shows who voted and from where, so a self-approval from a shell is visible.
@Suite struct DetailVotesTests {
    typealias F = ConsoleFixtures

    @Test func eachVoteShowsItsPrincipalVerdictAndSource() {
        var request = F.deploy
        request.votes = [
            ApprovalVote(principal: "alice", approved: true, source: .console, comment: nil, at: F.at(-30)),
            ApprovalVote(principal: "ci-bot\u{1B}[2J", approved: true, source: .commandLine, comment: nil, at: F.at(-20)),
            ApprovalVote(principal: "bob", approved: false, source: nil, comment: "no", at: F.at(-10)),
        ]
        let text = DetailPane(request: request, context: .init(now: F.start, timeZone: TimeZone(identifier: "UTC")!)).lines(width: 100)
            .map { $0.segments.map(\.text.description).joined() }
        let votes = text.filter { $0.contains(" approved ") || $0.contains(" declined ") }
        #expect(votes.count == 3)
        #expect(votes[0].hasPrefix("Votes") && votes[0].contains("alice approved from the console at"))
        #expect(votes[1].contains("approved from the command line"))
        #expect(!votes[1].contains("\u{1B}"))
        #expect(votes[2].contains("bob declined (source not recorded)"))
    }

    @Test func aRequestWithoutVotesShowsNoVotesLine() {
        let text = DetailPane(request: F.deploy, context: .init(now: F.start, timeZone: TimeZone(identifier: "UTC")!)).lines(width: 100)
            .map { $0.segments.map(\.text.description).joined() }
        #expect(!text.contains { $0.hasPrefix("Votes") })
    }
}
