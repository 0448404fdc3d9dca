import Foundation

/// What an "allow similar" rule covers, narrowest first.
public enum RuleScope: Sendable, Hashable, CaseIterable {
    /// This tool, these exact arguments (and this agent, where the server names it).
    case exactCall
    /// This tool from this agent, any arguments (from any agent where the server names none).
    case toolFromAgent
    /// This tool with the chosen arguments equal to the ones shown, from any agent.
    case matchingFields
}

/// How long a rule stands.
public enum RuleDuration: Sendable, Hashable, CaseIterable {
    case hour
    case day
    case untilRevoked

    /// Seconds it lasts; nil until revoked.
    public var seconds: TimeInterval? {
        switch self {
        case .hour: 3600
        case .day: 86_400
        case .untilRevoked: nil
        }
    }

    public var phrase: String {
        switch self {
        case .hour: "for an hour"
        case .day: "for a day"
        case .untilRevoked: "until revoked"
        }
    }
}
