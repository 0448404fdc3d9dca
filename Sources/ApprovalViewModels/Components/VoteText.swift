import ApprovalModel
import Foundation

/// One vote as the detail view shows it: who, which way, from where, when. A self-approval
/// from a shell is at least visible as "from the command line" or "over REST".
enum VoteText {
    static func line(_ vote: ApprovalVote, timeZone: TimeZone) -> SanitizedText {
        let verdict: SanitizedText = vote.approved ? " approved " : " declined "
        let source: SanitizedText =
            switch vote.source {
            case .console?: "from the console"
            case .commandLine?: "from the command line"
            case .rest?: "over REST"
            case nil: "(source not recorded)"
            }
        return Sanitizer.line.sanitize(vote.principal) + verdict + source + " at " + ClockText.time(vote.at, in: timeZone)
    }
}
