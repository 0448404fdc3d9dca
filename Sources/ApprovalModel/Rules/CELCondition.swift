import Foundation

/// A rule's condition, parsed once: CEL over a tool call (`args`, `tool_name`, `user_id`,
/// `account_id`), limited to the subset ``CELParser`` reads, with standard CEL's answer on all of
/// it. What our server evaluates before asking a person, and what the console uses to show which
/// calls a rule would cover.
///
/// ```swift
/// let condition = try CELCondition(#"args.env == "dev" && has(args.version)"#)
/// condition.matches(CELContext(args: ["env": "dev", "version": "1"], toolName: "deploy", userID: nil, accountID: nil))
/// // .matched
/// ```
public struct CELCondition: Sendable, Hashable {
    public let text: String
    private let root: Root

    /// Holds the tree; conditions compare by their text.
    private struct Root: Sendable, Hashable {
        let node: CELNode
        static func == (lhs: Root, rhs: Root) -> Bool { true }
        func hash(into hasher: inout Hasher) {}
    }

    public init(_ text: String) throws(CELParseError) {
        self.text = text
        root = Root(node: try CELParser.parse(text))
    }

    /// `.matched` when the condition is true for the call, `.notMatched` when false, `.error`
    /// when standard CEL would stop with an error (a missing field, a value of the wrong type).
    /// `false && <error>` is false and `true || <error>` is true, as in CEL.
    public func matches(_ context: CELContext) -> CELResult {
        switch Self.evaluate(root.node, context) {
        case .success(.bool(true)): .matched
        case .success(.bool(false)): .notMatched
        case .success: .error("the condition does not give true or false")
        case .failure(let error): .error(error.message)
        }
    }

    private struct EvaluationError: Error {
        var message: String
    }

    private static func evaluate(_ node: CELNode, _ context: CELContext) -> Result<CELValue, EvaluationError> {
        func fail(_ message: String) -> Result<CELValue, EvaluationError> { .failure(EvaluationError(message: message)) }
        switch node {
        case .literal(let value):
            return .success(value)
        case .variable(let name):
            switch name {
            case "args": return .success(CELValue(context.args))
            case "tool_name": return .success(.string(context.toolName))
            case "user_id": return context.userID.map { .success(.string($0)) } ?? fail("user_id is not known for this call")
            case "account_id": return context.accountID.map { .success(.string($0)) } ?? fail("account_id is not known for this call")
            default: return fail("unknown name \(name)")
            }
        case .select(let base, let field):
            return evaluate(base, context).flatMap { value in
                guard case .map = value else { return fail("no field .\(field) on a value that is not a map") }
                return value.entry(field).map { .success($0) } ?? fail("no such key: \(field)")
            }
        case .has(let base, let field):
            return evaluate(base, context).flatMap { value in
                guard case .map = value else { return fail("has() on a value that is not a map") }
                return .success(.bool(value.entry(field) != nil))
            }
        case .index(let base, let index):
            return evaluate(base, context).flatMap { container in
                evaluate(index, context).flatMap { key in
                    switch (container, key) {
                    case (.map, .string(let name)):
                        return container.entry(name).map { .success($0) } ?? fail("no such key: \(name)")
                    case (.list(let items), .int(let position)):
                        return position >= 0 && position < items.count ? .success(items[Int(position)]) : fail("index out of range")
                    case (.list(let items), .uint(let position)):
                        return position < UInt64(items.count) ? .success(items[Int(position)]) : fail("index out of range")
                    default:
                        return fail("no such index")
                    }
                }
            }
        case .not(let operand):
            return evaluate(operand, context).flatMap { value in
                guard case .bool(let flag) = value else { return fail("! needs true or false") }
                return .success(.bool(!flag))
            }
        case .and(let left, let right):
            return logical(evaluate(left, context), evaluate(right, context), absorbing: false)
        case .or(let left, let right):
            return logical(evaluate(left, context), evaluate(right, context), absorbing: true)
        case .equal(let left, let right, let negated):
            return evaluate(left, context).flatMap { a in
                evaluate(right, context).map { b in .bool(CELValue.equal(a, b) != negated) }
            }
        case .member(let element, let container):
            return evaluate(element, context).flatMap { value in
                evaluate(container, context).flatMap { collection in
                    switch collection {
                    case .list(let items): return .success(.bool(items.contains { CELValue.equal(value, $0) }))
                    case .map:
                        guard case .string(let key) = value else { return fail("'in' a map needs a string key") }
                        return .success(.bool(collection.entry(key) != nil))
                    default: return fail("'in' needs a list or a map")
                    }
                }
            }
        case .list(let items):
            var values: [CELValue] = []
            for item in items {
                switch evaluate(item, context) {
                case .success(let value): values.append(value)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.list(values))
        case .map(let entries):
            var values: [CELValue.MapEntry] = []
            for entry in entries {
                switch evaluate(entry.value, context) {
                case .success(let value): values.append(CELValue.MapEntry(key: entry.key, value: value))
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.map(values))
        }
    }

    /// `&&` (`absorbing` false) and `||` (true): the absorbing value wins over an error on the
    /// other side, as CEL's commutative logic has it.
    private static func logical(
        _ left: Result<CELValue, EvaluationError>, _ right: Result<CELValue, EvaluationError>, absorbing: Bool
    ) -> Result<CELValue, EvaluationError> {
        if case .success(.bool(absorbing)) = left { return .success(.bool(absorbing)) }
        if case .success(.bool(absorbing)) = right { return .success(.bool(absorbing)) }
        if case .success(.bool) = left, case .success(.bool) = right { return .success(.bool(!absorbing)) }
        if case .failure(let error) = left { return .failure(error) }
        if case .failure(let error) = right { return .failure(error) }
        return .failure(EvaluationError(message: absorbing ? "|| needs true or false" : "&& needs true or false"))
    }
}

/// The call a condition is evaluated on.
public struct CELContext: Sendable {
    public var args: JSONValue
    public var toolName: String
    /// The calling principal (our server: the agent's; Preloop: the user behind the key).
    public var userID: String?
    public var accountID: String?

    public init(args: JSONValue, toolName: String, userID: String?, accountID: String?) {
        self.args = args
        self.toolName = toolName
        self.userID = userID
        self.accountID = accountID
    }
}

/// What a condition said about a call.
public enum CELResult: Sendable, Hashable {
    case matched
    case notMatched
    /// Standard CEL would stop with this error: a rule does not match on it (a deny rule counts
    /// it as a match: see the server's rule verdict).
    case error(String)
}

/// Why a condition was refused, and where (a byte offset into its UTF-8 text).
public struct CELParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at byte \(offset): \(message)" }
}
