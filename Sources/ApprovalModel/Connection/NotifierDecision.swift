import Foundation

/// Something new the person is told about.
public enum NotifiedItem: Sendable, Equatable {
    /// A pending approval request seen for the first time.
    case request(id: String, toolName: String)
    /// A flow execution seen in a final status for the first time.
    case finishedExecution(id: String, flowName: String?, status: ExecutionStatus)

    /// The request or execution id.
    public var id: String {
        switch self {
        case .request(let id, _), .finishedExecution(let id, _, _): id
        }
    }
}

/// What the ``Notifier`` decided for one snapshot: ring or not, and what the ring is about.
public struct NotifierDecision: Sendable, Equatable {
    /// Whether to ring the bell (and show a desktop notification).
    public var shouldRing: Bool
    /// What this ring is about, oldest first; empty when `shouldRing` is false.
    public var items: [NotifiedItem]
    /// True for the one ring of a first run, which covers every request already waiting;
    /// a notification should then say "N requests waiting" rather than "new request".
    public var isInitialBacklog: Bool

    public init(shouldRing: Bool, items: [NotifiedItem], isInitialBacklog: Bool = false) {
        self.shouldRing = shouldRing
        self.items = items
        self.isInitialBacklog = isInitialBacklog
    }

    /// Nothing to ring about.
    public static let silent = NotifierDecision(shouldRing: false, items: [])
}
