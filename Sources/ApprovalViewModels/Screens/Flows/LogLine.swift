import ApprovalModel
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
        let trimmed = Self.hasNoOuterSpace(text) ? text : text.trimmingCharacters(in: .whitespaces)
        kind = trimmed == FlowMarkers.execStartMarker ? .execStartMarker
            : trimmed == FlowMarkers.successSentinel ? .successSentinel : .plain
    }

    /// Whether `text` starts and ends with a visible ASCII character, so trimming whitespace
    /// would not change it (saves a Foundation call for nearly every line of a busy log).
    private static func hasNoOuterSpace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
    }
}
