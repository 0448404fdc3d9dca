/// Where an approval request stands. Preloop's enum has five values; any other value is kept
/// as `.other` so a newer server never breaks decoding.
public enum ApprovalStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case pending, approved, declined, expired, cancelled
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "pending": self = .pending
        case "approved": self = .approved
        case "declined": self = .declined
        case "expired": self = .expired
        case "cancelled": self = .cancelled
        default: self = .other(rawValue)
        }
    }

    /// The wire spelling.
    public var rawValue: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .declined: "declined"
        case .expired: "expired"
        case .cancelled: "cancelled"
        case .other(let value): value
        }
    }

    /// The five values Preloop accepts as a list filter.
    public static let knownValues: [ApprovalStatus] = [.pending, .approved, .declined, .expired, .cancelled]
    /// The statuses a request ends in.
    public static let ended: [ApprovalStatus] = [.approved, .declined, .expired, .cancelled]

    /// Whether the request can still be decided.
    public var isPending: Bool { self == .pending }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A flow execution's status. Upper-case strings; `COMPLETED`, `TIMEOUT` and `CANCELLED` are
/// never produced by Preloop but are terminal when they appear.
public enum ExecutionStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case pending, initializing, starting, running, succeeded, failed, stopped
    case completed, timeout, cancelled
    case other(String)

    public init(rawValue: String) {
        switch rawValue.uppercased() {
        case "PENDING": self = .pending
        case "INITIALIZING": self = .initializing
        case "STARTING": self = .starting
        case "RUNNING": self = .running
        case "SUCCEEDED": self = .succeeded
        case "FAILED": self = .failed
        case "STOPPED": self = .stopped
        case "COMPLETED": self = .completed
        case "TIMEOUT": self = .timeout
        case "CANCELLED": self = .cancelled
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .pending: "PENDING"
        case .initializing: "INITIALIZING"
        case .starting: "STARTING"
        case .running: "RUNNING"
        case .succeeded: "SUCCEEDED"
        case .failed: "FAILED"
        case .stopped: "STOPPED"
        case .completed: "COMPLETED"
        case .timeout: "TIMEOUT"
        case .cancelled: "CANCELLED"
        case .other(let value): value
        }
    }

    /// Still going: PENDING, INITIALIZING, STARTING or RUNNING (what the web UI calls running).
    public var isActive: Bool {
        switch self {
        case .pending, .initializing, .starting, .running: true
        default: false
        }
    }

    /// Finished, whatever the outcome. An unknown status counts as not finished.
    public var isFinal: Bool {
        switch self {
        case .succeeded, .failed, .stopped, .completed, .timeout, .cancelled: true
        default: false
        }
    }

    /// Finished well.
    public var isSuccess: Bool { self == .succeeded || self == .completed }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
