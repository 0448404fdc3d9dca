import Foundation

/// `GET /api/v1/flows/executions/{id}/logs`: `{"logs": […], "source": …, "has_more"?: …}`.
public struct ExecutionLogPage: Sendable, Hashable, Codable {
    public var logs: [LogEntry]
    /// `container` (live) or `database`.
    public var source: String?
    /// Sent by later Preloop versions and our server; absent at Preloop's seed.
    public var hasMore: Bool?

    enum CodingKeys: String, CodingKey {
        case logs, source
        case hasMore = "has_more"
    }

    public init(logs: [LogEntry], source: String? = "database", hasMore: Bool? = false) {
        self.logs = logs
        self.source = source
        self.hasMore = hasMore
    }
}

/// One stored flow event. For console output only `type == "agent_log_line"` matters.
public struct LogEntry: Sendable, Hashable, Codable {
    public var executionID: String
    public var timestamp: Date?
    public var type: String
    public var payload: JSONValue

    enum CodingKeys: String, CodingKey {
        case executionID = "execution_id"
        case timestamp, type, payload
    }

    public init(executionID: String, timestamp: Date?, type: String = "agent_log_line", payload: JSONValue) {
        self.executionID = executionID
        self.timestamp = timestamp
        self.type = type
        self.payload = payload
    }

    /// A log line entry: the line appears as both `payload.line` and `payload.message`, as Preloop stores it.
    public static func line(_ text: String, executionID: String, at time: Date) -> LogEntry {
        LogEntry(executionID: executionID, timestamp: time, payload: ["line": .string(text), "message": .string(text)])
    }

    /// The text to show: `payload.line`, else `payload.message`.
    public var text: String? {
        payload["line"]?.stringValue ?? payload["message"]?.stringValue
    }

    /// Whether this is console output of the agent.
    public var isLogLine: Bool { type == "agent_log_line" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        executionID = try c.decodeIfPresent(String.self, forKey: .executionID) ?? ""
        timestamp = try c.decodeIfPresent(Date.self, forKey: .timestamp)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "agent_log_line"
        payload = try c.decodeIfPresent(JSONValue.self, forKey: .payload) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(executionID, forKey: .executionID)
        if let timestamp {
            try c.encode(PreloopTimestamp.withOffset(timestamp), forKey: .timestamp)
        } else {
            try c.encodeNil(forKey: .timestamp)
        }
        try c.encode(type, forKey: .type)
        try c.encode(payload, forKey: .payload)
    }
}

/// The lines that decide a flow run's success (Preloop's rule, seed and later).
///
/// Success needs a line equal to `successSentinel` (after trimming whitespace) that comes after a
/// line equal to `execStartMarker`. A line merely containing the sentinel never counts.
public enum FlowMarkers {
    /// Printed by the runner just before the agent command starts.
    public static let execStartMarker = "PRELOOP_AGENT_EXEC_START"
    /// Printed by the agent, on a line by itself, when it succeeded.
    public static let successSentinel = "FLOW_EXECUTION_SUCCESS"

    /// Whether `lines` show success by the whole-line, after-the-marker rule.
    public static func showsSuccess<S: Sequence>(_ lines: S) -> Bool where S.Element == String {
        var armed = false
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !armed {
                if trimmed == execStartMarker { armed = true }
            } else if trimmed == successSentinel {
                return true
            }
        }
        return false
    }
}
