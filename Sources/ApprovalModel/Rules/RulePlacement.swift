import Foundation

/// Where an allow rule goes among a tool's rules on a server that runs the first match by
/// priority (lower first), as Preloop does: after every `deny` rule (a rule never widens what a
/// deny forbids) and before the first `require_approval` rule (or it would never be reached).
public enum RulePlacement {
    /// The priority for a new allow rule, or why none works.
    public static func priority(among rules: [AccessRule]) -> Result<Int, RulePlacementProblem> {
        // Every deny rule counts, disabled ones too: one re-enabled later must still run first.
        let denies = rules.filter { $0.action == "deny" }.map { $0.priority ?? 0 }
        let asks = rules.filter { ($0.isEnabled ?? true) && $0.action == "require_approval" }.map { $0.priority ?? 0 }
        let lastDeny = denies.max()
        let firstAsk = asks.min()
        // The server's priorities are its own numbers: at Int.max or Int.min there is no room.
        let after = lastDeny.map { $0.addingReportingOverflow(1) }
        let before = firstAsk.map { $0.subtractingReportingOverflow(1) }
        if after?.overflow == true || before?.overflow == true {
            return .failure(RulePlacementProblem(denyPriority: lastDeny ?? 0, askPriority: firstAsk ?? Int.max))
        }
        let lowest = after?.partialValue ?? Int.min
        guard let highest = before?.partialValue else { return .success(max(0, lowest)) }
        guard lowest <= highest else {
            return .failure(RulePlacementProblem(denyPriority: lastDeny ?? 0, askPriority: firstAsk ?? 0))
        }
        // As late as allowed, so other allow rules the approver ranked keep their place.
        return .success(min(highest, max(lowest, 0)))
    }
}

/// A deny rule runs at or after the tool's approval rule: no priority puts an allow rule after
/// every deny and before the approval.
public struct RulePlacementProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var denyPriority: Int
    public var askPriority: Int

    public init(denyPriority: Int, askPriority: Int) {
        self.denyPriority = denyPriority
        self.askPriority = askPriority
    }

    public var description: String {
        "a deny rule (priority \(denyPriority)) runs at or after the tool's approval rule (priority \(askPriority)): "
            + "no place for an allow rule that keeps every deny; add it on the server by hand"
    }
}
