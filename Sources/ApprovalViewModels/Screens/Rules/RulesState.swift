import ApprovalModel
import Foundation

/// The rules screen (`5`, `:rules`): the server's access rules, tool by tool, with who made
/// each, when, its expiry and what it decided. Read afresh when the screen opens and on `r`;
/// `x` revokes the focused rule after a `y`.
public struct RulesState: Equatable, Sendable, ListScreenState {
    public internal(set) var rules: [AccessRule] = []
    public internal(set) var hasLoaded = false
    public internal(set) var error: ClientError?
    public internal(set) var selection = ListSelection<String>()
    /// Rules being revoked (the `x` was confirmed, the server has not answered).
    public internal(set) var revokingIDs: Set<String> = []
    /// A read asked for because a written expiry passed, not answered yet (so it is asked once).
    var isCheckingExpiry = false
    /// Overdue rules the server refused to revoke: not tried again by themselves this session
    /// (`x` still can), so a refusal does not repeat every second.
    var unrevocableIDs: Set<String> = []

    public init() {}

    /// The soonest expiry written into an allow rule of a server that keeps none (Preloop): when
    /// it passes, the rules are read again and the overdue ones revoked, whatever screen is open.
    var nextWrittenExpiry: Date? {
        rules.lazy.filter { $0.action == "allow" && $0.expiresAt == nil && $0.id != nil && !revokingIDs.contains(Self.rowID($0))
            && !unrevocableIDs.contains(Self.rowID($0)) }
            .compactMap(RuleExpiry.of).min()
    }

    /// The rule the server just made, kept until the next read (so its written expiry is watched).
    mutating func remember(_ rule: AccessRule) {
        guard rule.id != nil, !rules.contains(where: { $0.id == rule.id }) else { return }
        changeRows { state in state.rules.append(rule) }
    }

    public var visibleRules: [AccessRule] {
        let filter = selection.filter
        guard !filter.isEmpty else { return rules }
        return rules.filter { rule in
            [rule.toolName ?? "", rule.action, rule.conditionExpression ?? "", rule.createdBy ?? "", rule.description ?? ""]
                .contains { $0.range(of: filter, options: .caseInsensitive) != nil }
        }
    }

    var visibleIDs: [String] { visibleRules.map(Self.rowID) }

    /// A rule's row id: its server id (every server sends one; an id-less rule cannot be revoked).
    static func rowID(_ rule: AccessRule) -> String { rule.id ?? "" }

    public var focusedRule: AccessRule? {
        guard let id = selection.focusedID else { return nil }
        return rules.first { Self.rowID($0) == id }
    }

    /// The allow rules the console made that are past the expiry it wrote into them while the
    /// server keeps no expiry of its own (Preloop): revoked as soon as they are seen. Only allow
    /// rules: a deny or approval rule whose description looks like ours is never removed.
    func overdue(at now: Date) -> [AccessRule] {
        rules.filter { rule in
            rule.action == "allow" && rule.expiresAt == nil && rule.id != nil
                && (RuleExpiry.of(rule).map { $0 <= now } ?? false)
                && !revokingIDs.contains(Self.rowID(rule)) && !unrevocableIDs.contains(Self.rowID(rule))
        }
    }

    mutating func apply(_ result: Result<[AccessRule], ClientError>) {
        isCheckingExpiry = false
        changeRows { state in
            switch result {
            case .success(let read):
                state.rules = read.sorted { ($0.toolName ?? "", $0.priority ?? 0) < ($1.toolName ?? "", $1.priority ?? 0) }
                state.error = nil
            case .failure(let failure):
                state.error = failure
            }
        }
        hasLoaded = true
    }

    mutating func markRevoking(_ id: String) { revokingIDs.insert(id) }

    mutating func finishRevoking(_ id: String, removed: Bool) {
        revokingIDs.remove(id)
        if removed { changeRows { $0.rules.removeAll { Self.rowID($0) == id } } }
    }
}
