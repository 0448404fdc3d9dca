import ApprovalModel
import Foundation

/// The "allow similar" chooser (`s` on a request): what a rule covers and for how long, with
/// the request approved together with the rule on `enter`. Starts at the narrowest scope (this
/// exact call) for a day, so `s` `enter` is "never ask me this again today".
public struct RuleChooser: Equatable, Sendable {
    /// One top-level argument, offered for the "matching arguments" scope.
    public struct Field: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
        public var isChosen = false
    }

    public let requestID: String
    public let toolName: String
    public let configurationID: String
    /// The agent principal as the server checked it (our server only); nil from Preloop, whose
    /// requests do not name the caller, so a rule there covers every agent of the account.
    public let agentPrincipalID: String?
    /// The agent's own name for itself, shown only (never matched on: any agent can claim it).
    public let agentName: String?
    /// The arguments as one exact value: what the "exact call" scope compares with.
    public let arguments: JSONValue
    public internal(set) var fields: [Field]
    public internal(set) var scope: RuleScope = .exactCall
    public internal(set) var duration: RuleDuration = .day
    /// The field under the cursor in the "matching arguments" scope.
    public internal(set) var cursor = 0
    /// Why `enter` did not confirm, until the next key.
    public internal(set) var problem: String?

    /// The chooser for `request`, or why a rule cannot be made from it.
    public static func open(for request: ApprovalRequest) -> Result<RuleChooser, RuleChooserRefusal> {
        guard let configurationID = request.toolConfigurationID, !configurationID.isEmpty else {
            return .failure(.noToolConfiguration)
        }
        // What the tool runs with is the text as sent; a rule is built only when that text reads
        // the same to every JSON reader (no integer past 64 bits, no decimal digits a double
        // drops, no keys equal as text).
        let arguments: JSONValue
        if let text = request.toolArgsText {
            guard let node = try? StrictJSON.parse(Array(text.utf8), allowsDuplicateKeys: true) else {
                return .failure(.unreadableArguments("the arguments are not JSON"))
            }
            if let found = node.firstProblem({ $0.inexactReason ?? $0.lostDigitsReason }) {
                let path = found.path.isEmpty ? "" : " (at \(found.path.joined(separator: ".")))"
                return .failure(.unreadableArguments("\(found.reason)\(path)"))
            }
            arguments = node.value
        } else {
            arguments = request.toolArgs
        }
        let fields = (arguments.objectValue ?? [:])
            .sorted { Array($0.key.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.key.unicodeScalars.map(\.value)) }
            .map { Field(key: $0.key, value: $0.value) }
        return .success(RuleChooser(
            requestID: request.id, toolName: request.toolName, configurationID: configurationID,
            agentPrincipalID: request.agentPrincipalID, agentName: request.agentName, arguments: arguments,
            fields: fields))
    }

    /// What a key does in the chooser.
    public enum Outcome: Equatable, Sendable {
        case stays
        case cancelled
        case confirmed(RuleDraft)
    }

    /// Applies a key: `1` `2` `3` (or tab) pick the scope, `h` `d` `r` the duration (hour, day, until revoked), `j`/`k` move
    /// and space toggles an argument in the third scope, `enter` confirms, `esc` cancels.
    public mutating func press(_ key: KeyPress, now: Date) -> Outcome {
        problem = nil
        switch key {
        case .escape: return .cancelled
        case .enter:
            switch draft(now: now) {
            case .success(let draft): return .confirmed(draft)
            case .failure(let refusal): problem = refusal.description
            }
        case .character("1"): scope = .exactCall
        case .character("2"): scope = .toolFromAgent
        case .character("3"): scope = .matchingFields
        case .tab:
            let all = RuleScope.allCases
            scope = all[((all.firstIndex(of: scope) ?? 0) + 1) % all.count]
        case .character("h"): duration = .hour
        case .character("d"): duration = .day
        case .character("r"): duration = .untilRevoked
        case .character("j"), .down:
            if !fields.isEmpty { cursor = min(fields.count - 1, cursor + 1) }
            scope = fields.isEmpty ? scope : .matchingFields
        case .character("k"), .up:
            cursor = max(0, cursor - 1)
            scope = fields.isEmpty ? scope : .matchingFields
        case .character(" "), .character("x"):
            guard fields.indices.contains(cursor) else {
                problem = "this call has no arguments to choose"
                break
            }
            fields[cursor].isChosen.toggle()
            scope = .matchingFields
        default:
            break
        }
        return .stays
    }

    /// The rule as chosen now, or why it cannot be made.
    public func draft(now: Date) -> Result<RuleDraft, RuleChooserRefusal> {
        let pairs: [(path: [String], value: JSONValue)]
        var agent: String?
        switch scope {
        case .exactCall:
            pairs = [(path: [], value: arguments)]
            agent = agentPrincipalID
        case .toolFromAgent:
            pairs = []
            agent = agentPrincipalID
        case .matchingFields:
            pairs = fields.filter(\.isChosen).map { (path: [$0.key], value: $0.value) }
            if pairs.isEmpty { return .failure(.noFieldChosen) }
        }
        let condition: String
        do {
            condition = try CELText.equalities(pairs, toolName: nil, userID: agent)
        } catch {
            return .failure(.unreadableArguments(error.description))
        }
        // Read back with the rules' own parser and its bounds (8 KiB, 4,096 parts), which the
        // local server applies too: a condition it would refuse is not sent.
        do throws(CELParseError) {
            _ = try CELCondition(condition)
        } catch {
            return .failure(.conditionTooLarge(error.message))
        }
        return .success(RuleDraft(
            requestID: requestID, toolName: toolName, configurationID: configurationID, condition: condition,
            scope: scope, duration: duration, expiresAt: duration.seconds.map { now.addingTimeInterval($0) }))
    }
}

/// Why no rule can come from a request; the status line says it.
public enum RuleChooserRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Preloop keeps rules on a tool configuration; this request names none.
    case noToolConfiguration
    /// The arguments cannot be matched exactly (what the tool runs with could differ).
    case unreadableArguments(String)
    case noFieldChosen
    /// The condition these arguments make is past what a server reads (its size or parts).
    case conditionTooLarge(String)

    public var description: String {
        switch self {
        case .noToolConfiguration:
            "this request names no tool configuration, and the server keeps rules on one: approve it with a"
        case .unreadableArguments(let why): "a rule cannot match these arguments exactly: \(why)"
        case .noFieldChosen: "choose at least one argument (space), or another scope (1, 2)"
        case .conditionTooLarge(let why):
            "these arguments make a rule too large for the server (\(why)); choose some of them (3) or this tool from this agent (2)"
        }
    }
}
