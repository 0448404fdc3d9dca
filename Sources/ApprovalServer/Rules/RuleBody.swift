import ApprovalModel
import Foundation

/// The body of `POST …/tool-configurations/{id}/access-rules` and `PUT /access-rules/{id}`,
/// checked field by field: what is stored is exactly what was sent, or the request is refused
/// naming the field. Unknown fields are ignored, as pydantic does; a field sent twice is refused
/// by the strict JSON reader before this runs.
struct RuleBody: Sendable {
    var action: AccessRuleAction?
    /// `.some(nil)`: sent as null (no condition: every call of the tool).
    var condition: String??
    var priority: Int?
    var description: String??
    var isEnabled: Bool?
    var expiresAt: Date??

    /// Priorities the server stores: wide enough for any ordering, far from overflow.
    static let priorityRange = -1_000_000...1_000_000
    static let descriptionLimit = 1024

    /// Why an action is refused (Preloop answers this one with 400, not 422).
    static let actionProblem = "Invalid action. Must be one of: allow, deny, require_approval"

    /// The fields of `object`; `issues` gets one entry per refused field. `now` is the server's
    /// clock: an expiry must lie after it.
    static func parse(_ object: [String: JSONValue], now: Date, issues: inout [ValidationIssue], actionRefused: inout Bool)
        -> RuleBody
    {
        var body = RuleBody()
        func issue(_ key: String, _ type: String, _ message: String, _ input: JSONValue) {
            issues.append(ValidationIssue(type: type, loc: ["body", .string(key)], msg: message, input: input))
        }
        if let value = object["action"] {
            if let text = value.stringValue, let action = AccessRuleAction(rawValue: text) {
                body.action = action
            } else {
                actionRefused = true
            }
        }
        switch object["condition_expression"] {
        case nil: break
        case .null?: body.condition = .some(nil)
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                body.condition = .some(nil)
            } else {
                do {
                    _ = try CELCondition(text)
                    body.condition = .some(text)
                } catch {
                    issue("condition_expression", "value_error", "condition_expression is not a condition this server evaluates: \(error)", .string(String(text.prefix(64))))
                }
            }
        case let other?: issues.append(FieldCheck.notString(["body", "condition_expression"], input: other))
        }
        switch object["condition_type"] {
        case nil, .null?, .string("cel")?: break
        case let other?: issue("condition_type", "value_error", "condition_type must be 'cel'", other)
        }
        switch object["priority"] {
        case nil: break
        case .integer(let number)? where priorityRange.contains(Int(clamping: number)) && Int64(Int(clamping: number)) == number:
            body.priority = Int(number)
        case let other?:
            issue(
                "priority", "int_parsing",
                "priority must be an integer from \(priorityRange.lowerBound) to \(priorityRange.upperBound)", other)
        }
        switch object["description"] {
        case nil: break
        case .null?: body.description = .some(nil)
        case .string(let text)?:
            if let problem = TextField.lengthIssue(text, field: "description", limit: descriptionLimit) {
                issues.append(problem)
            } else if let found = InvisibleScalars.first(in: text) {
                issue(
                    "description", "string_pattern_mismatch",
                    "description must not contain control, bidi or invisible characters (U+\(StrictJSON.hex4(found.scalar.value)) at position \(found.offset))",
                    .string(String(text.prefix(64))))
            } else {
                body.description = .some(text)
            }
        case let other?: issues.append(FieldCheck.notString(["body", "description"], input: other))
        }
        switch object["is_enabled"] {
        case nil, .null?: break
        case let value?:
            if let flag = FieldCheck.bool(value) { body.isEnabled = flag } else {
                issues.append(FieldCheck.notBool(["body", "is_enabled"], input: value))
            }
        }
        switch object["expires_at"] {
        case nil: break
        case .null?: body.expiresAt = .some(nil)
        case .string(let text)?:
            if let date = PreloopTimestamp.parse(text), date > now {
                body.expiresAt = .some(date)
            } else {
                issue("expires_at", "datetime_parsing", "expires_at must be a timestamp after the server's current time", .string(String(text.prefix(64))))
            }
        case let other?: issue("expires_at", "datetime_parsing", "expires_at must be a timestamp or null", other)
        }
        for key in ["approval_policy_id", "approval_workflow_id"] {
            switch object[key] {
            case nil, .null?: break
            case let other?:
                issue(key, "value_error", "\(key) on a rule is not supported by this server: the tool's policy decides who approves", other)
            }
        }
        return body
    }
}
