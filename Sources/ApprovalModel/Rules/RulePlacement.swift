import Foundation

/// Where an allow rule goes among a tool's rules on a server that runs the first match by
/// priority (lower first), as Preloop does: after every `deny` rule (a rule never widens what a
/// deny forbids) and before the first `require_approval` rule (or it would never be reached).
public enum RulePlacement {
    /// The priority for a new allow rule, or why none works.
    public static func priority(among rules: [AccessRule]) -> Result<Int, RulePlacementProblem> {
        let enabled = rules.filter { $0.isEnabled ?? true }
        let denies = enabled.filter { $0.action == "deny" }.map { $0.priority ?? 0 }
        let asks = enabled.filter { $0.action == "require_approval" }.map { $0.priority ?? 0 }
        let lowest = (denies.max() ?? Int.min / 2) + 1
        guard let firstAsk = asks.min() else { return .success(max(0, lowest)) }
        let highest = firstAsk - 1
        guard lowest <= highest else {
            return .failure(RulePlacementProblem(denyPriority: denies.max() ?? 0, askPriority: firstAsk))
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
