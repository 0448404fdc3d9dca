import ApprovalClient
import Foundation

/// One line of a flow execution's log, classified once when it arrives.
public struct LogLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case plain, execStartMarker, successSentinel }
    public var text: String
    public var timestamp: Date?
    public var kind: Kind

    public init(text: String, timestamp: Date?) {
        self.text = text
        self.timestamp = timestamp
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        kind = trimmed == FlowMarkers.execStartMarker ? .execStartMarker
            : trimmed == FlowMarkers.successSentinel ? .successSentinel : .plain
    }
}
