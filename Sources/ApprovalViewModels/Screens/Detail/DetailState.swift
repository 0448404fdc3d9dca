/// The detail screen: which request it shows (fixed while it is open), how far it is scrolled,
/// and the screen leaving it returns to.
public struct DetailState: Equatable, Sendable {
    /// The request the detail screen shows.
    public internal(set) var requestID: String?
    /// Lines scrolled past the top, as wanted: rendering clamps it to the lines there are.
    public internal(set) var scroll = 0
    /// The queue, or the journal it was opened from.
    public internal(set) var origin: ScreenID = .queue

    public init() {}

    mutating func open(_ id: String, from origin: ScreenID) {
        requestID = id
        scroll = 0
        self.origin = origin
    }

    /// Closes the detail; returns the screen to go back to.
    mutating func close() -> ScreenID {
        defer { self = DetailState() }
        return origin
    }
}
