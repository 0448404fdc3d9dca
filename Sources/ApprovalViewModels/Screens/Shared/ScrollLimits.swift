/// How far the scrolled views (the detail pane, the help overlay) could scroll when last drawn.
///
/// Update never lays a view out: a `j` moves the wanted offset and rendering clamps it to the
/// lines there are. Rendering measures these limits on the way (``drawConsole(_:size:)``) and the
/// loop hands them back as ``ConsoleEvent/drawn(_:)``, so that update keeps the intent within what
/// was last shown and a `k` after pressing `j` past the end moves at once. Before the first frame
/// a limit is nil and only the top bounds the offset.
public struct ScrollLimits: Equatable, Sendable {
    /// The detail pane's furthest offset, when the detail was drawn.
    public var detail: Int?
    /// The help overlay's furthest offset, when help was drawn.
    public var help: Int?

    public init(detail: Int? = nil, help: Int? = nil) {
        self.detail = detail
        self.help = help
    }

    /// `offset` moved by `delta` within `0...limit` (unbounded above while the limit is unknown).
    static func move(_ offset: Int, by delta: Int, limit: Int?) -> Int {
        let upper = limit ?? Int.max - 1
        return ListSelection<Int>.clamp(min(offset, upper), by: delta, count: upper + 1)
    }
}
