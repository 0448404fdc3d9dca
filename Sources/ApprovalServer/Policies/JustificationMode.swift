import Foundation

/// How a policy treats the agent's justification.
public enum JustificationMode: Sendable, Hashable {
    case none, optional, required
    /// A value the server does not understand: every call under it is rejected (fail closed).
    case unknown(String)

    public init(text: String) {
        switch text {
        case "none": self = .none
        case "optional": self = .optional
        case "required": self = .required
        default: self = .unknown(text)
        }
    }

    /// Preloop's wire value: `nil` (disabled), `optional` or `required`.
    public var wireValue: String? {
        switch self {
        case .none: nil
        case .optional: "optional"
        case .required: "required"
        case .unknown(let text): text
        }
    }
}
