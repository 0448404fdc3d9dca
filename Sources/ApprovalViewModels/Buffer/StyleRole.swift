/// What a cell means, not how it looks: a `Theme` resolves each role to colours and attributes.
///
/// Raw values are the keys of theme files (`queue.selected = …`). New roles are appended at the
/// end so the one-letter codes of existing snapshots (`snapshotLetter`) stay stable.
public enum StyleRole: String, CaseIterable, Sendable, Hashable, Codable {
    case normal = "text.normal"
    case dim = "text.dim"
    case control = "text.control"
    case untrustedBadge = "badge.untrusted"
    case title = "title"
    case frame = "frame"
    case queueHeader = "queue.header"
    case queueRow = "queue.row"
    case queueSelected = "queue.selected"
    case queueMarked = "queue.marked"
    case queueStale = "queue.stale"
    case queueDimmed = "queue.dimmed"
    case queueCountdown = "queue.countdown"
    case detailLabel = "detail.label"
    case detailValue = "detail.value"
    case detailJSON = "detail.json"
    case justificationFrame = "justification.frame"
    case justificationLabel = "justification.label"
    case justificationText = "justification.text"
    case justificationMissing = "justification.missing"
    case tableHeader = "table.header"
    case tableRow = "table.row"
    case tableSelected = "table.selected"
    case flowRunning = "flow.running"
    case flowSucceeded = "flow.succeeded"
    case flowFailed = "flow.failed"
    case logLine = "log.line"
    case logSentinel = "log.sentinel"
    case logMarker = "log.marker"
    case logMatch = "log.match"
    case statusLine = "status.line"
    case statusLive = "status.live"
    case statusOffline = "status.offline"
    case statusError = "status.error"
    case statusMessage = "status.message"
    case statusReadOnly = "status.readonly"
    case helpFrame = "help.frame"
    case helpKey = "help.key"
    case helpText = "help.text"
    case hint = "hint"
    case prompt = "prompt.label"
    case promptInput = "prompt.input"
    case confirm = "confirm"
    case banner = "banner"

    /// One character per role for `.roles.txt` snapshots: the position in `allCases`.
    public var snapshotLetter: Character {
        let alphabet = Array(".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let index = Self.allCases.firstIndex(of: self)!
        return alphabet[index % alphabet.count]
    }
}
