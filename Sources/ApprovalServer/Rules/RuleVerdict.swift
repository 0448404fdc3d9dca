import ApprovalModel
import Foundation

/// What a tool's access rules say about one call, before any person is asked.
enum RuleVerdict: Sendable, Equatable {
    /// A `deny` rule matched: the call is refused, whatever any other rule says.
    case deny(AccessRuleRecord)
    /// The first rule to match (by priority) is an `allow` rule: approved without a person.
    case allow(AccessRuleRecord)
    /// No rule decides (none matched, or the first match is `require_approval`): ask a person.
    case ask

    /// The verdict of `rules` (in evaluation order) on a call.
    ///
    /// - A `deny` rule that matches wins over everything, whatever its priority. A `deny` rule
    ///   whose condition cannot be evaluated on these arguments counts as matching (fail closed).
    /// - Otherwise the first `allow` or `require_approval` rule that matches decides; one whose
    ///   condition cannot be evaluated does not match (an error never lets a call through).
    /// - `allowsAllow` false (the policy needs more than one approver, or the arguments hold a
    ///   number or key that tools would read differently from the rule) turns every `allow` into
    ///   "ask": one person's rule never stands in for a two-person rule, and a rule never matches
    ///   on a value other than the one the tool runs with.
    /// Disabled rules, and rules whose stored condition no longer parses, are skipped (a deny
    /// rule that does not parse is refused when stored, so this only covers a damaged file).
    static func of(_ rules: [AccessRuleRecord], call context: CELContext, allowsAllow: Bool) -> RuleVerdict {
        let enabled = rules.filter(\.isEnabled)
        let parsed = enabled.map { rule in (rule, rule.conditionExpression.map { try? CELCondition($0.text) }) }
        for (rule, condition) in parsed where rule.action == AccessRuleAction.deny.rawValue {
            switch condition {
            case nil: return .deny(rule)
            case let condition??:
                if case .notMatched = condition.matches(context) { continue }
                return .deny(rule)
            case .some(nil): return .deny(rule)
            }
        }
        for (rule, condition) in parsed where rule.action != AccessRuleAction.deny.rawValue {
            let matched: Bool
            switch condition {
            case nil: matched = true
            case let condition??:
                if case .matched = condition.matches(context) { matched = true } else { matched = false }
            case .some(nil): matched = false
            }
            guard matched else { continue }
            if rule.action == AccessRuleAction.allow.rawValue, allowsAllow { return .allow(rule) }
            return .ask
        }
        return .ask
    }
}

/// The three actions Preloop's access rules take.
enum AccessRuleAction: String, Sendable, CaseIterable {
    case allow
    case deny
    case requireApproval = "require_approval"
}

extension RuleVerdict {
    /// What a deciding verdict stores: the rule, whether it approves, and the comment the request
    /// carries ("Allowed by access rule … made by …: description"). Nil for `ask`.
    var decision: (rule: AccessRuleRecord, approved: Bool, comment: String)? {
        let rule: AccessRuleRecord
        switch self {
        case .allow(let chosen), .deny(let chosen): rule = chosen
        case .ask: return nil
        }
        let approved = rule.action == AccessRuleAction.allow.rawValue
        let comment = "\(approved ? "Allowed" : "Denied") by access rule \(rule.id) made by \(rule.createdBy)"
            + (rule.description.map { ": \($0.text)" } ?? "")
        return (rule, approved, comment)
    }
}
