import Foundation

/// The line above the queue when its rows are not a live answer: a previous run's saved snapshot
/// while connecting, or the server not answering (with what is known meanwhile). Rows under a
/// banner are dimmed.
enum QueueBanner: Equatable {
    /// Connecting, with a saved snapshot from `savedAt` shown.
    case connecting(savedAt: Date)
    /// The server has not answered since `since`.
    case unreachable(since: Date, isOffline: Bool, hasLoaded: Bool, cachedSavedAt: Date?)

    func text(width: Int, timeZone: TimeZone) -> SanitizedText {
        switch self {
        case .connecting(let savedAt):
            return "connecting; requests saved at \(ClockText.time(savedAt, in: timeZone)) shown dimmed"
        case .unreachable(let since, let isOffline, let hasLoaded, let cachedSavedAt):
            let time = ClockText.time(since, in: timeZone)
            let what: SanitizedText = isOffline ? "offline since \(time)" : "not answering since \(time)"
            if let savedAt = cachedSavedAt, !hasLoaded {
                let saved = ClockText.time(savedAt, in: timeZone)
                return width >= 60 ? "\(what): requests cached \(saved) shown dimmed" : "\(what): cached \(saved)"
            }
            let known = hasLoaded || cachedSavedAt != nil
            return !known ? "\(what): no requests known yet"
                : width >= 60 ? "\(what): last known requests shown dimmed"
                : "\(what): last known"
        }
    }
}

extension ConsoleState {
    /// The queue's banner, when its rows are not a live answer.
    var queueBanner: QueueBanner? {
        if let since = unreachableSince {
            return .unreachable(since: since, isOffline: isOffline, hasLoaded: queue.hasLoaded, cachedSavedAt: queue.cachedSavedAt)
        }
        return queue.cachedSavedAt.map { .connecting(savedAt: $0) }
    }
}
