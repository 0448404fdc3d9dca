import Foundation

/// Where a vote was cast, as the client says: the console, the command line, or any other REST
/// client. The principal is authenticated by its token; the source is the client's own label, so
/// it is informational (it makes a self-approval from a shell visible, it cannot prove one came
/// from the console). Only these three values are ever stored: an unknown or hostile header
/// value is recorded as `rest`, never as text of the client's choosing.
public enum DecisionSource: String, Sendable, Hashable, CaseIterable {
    case console
    case commandLine = "command-line"
    case rest

    /// The request header the console and `approval-tui approve|deny` send.
    public static let header = "X-Approval-Source"

    /// The source a header value names; `rest` for nil or anything unknown.
    public init(header value: String?) {
        let trimmed = value?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        self = DecisionSource(rawValue: trimmed) ?? .rest
    }

    /// How the source reads in an event: "from the console", "from the command line", "over REST".
    public var phrase: String {
        switch self {
        case .console: "from the console"
        case .commandLine: "from the command line"
        case .rest: "over REST"
        }
    }
}

extension DecisionSource: Codable {
    public init(from decoder: Decoder) throws {
        self.init(header: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
