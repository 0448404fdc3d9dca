/// The live log view of one execution.
public struct LogViewState: Equatable, Sendable {
    public var executionID: String
    public var lines: LogRing
    /// Whether the view sticks to the newest line.
    public var isFollowing = true
    /// The absolute number of the top line shown while paused.
    public var top = 0
    public var searchTerm = ""
    /// The absolute number of the current match.
    public var matchNumber: Int?

    public init(executionID: String, capacity: Int = 10_000) {
        self.executionID = executionID
        self.lines = LogRing(capacity: capacity)
    }
}
