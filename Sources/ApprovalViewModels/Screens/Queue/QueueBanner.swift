import Foundation

/// The line above the queue when its rows are not a live answer: a previous run's saved snapshot
/// while connecting, or the server not answering (with what is known meanwhile). Rows under a
/// banner are dimmed.
enum QueueBanner: Equatable {
    /// Connecting, with a saved snapshot from `savedAt` shown.
    case connecting(savedAt: Date)
    /// The server has not answered since `since`.
    case unreachable(since: Date, isOffline: Bool, hasLoaded: Bool, cachedSavedAt: Date?)
    /// Some servers of a console on several servers are not answering (every one offline
    /// when `isOffline`); their rows are dimmed, the others' are live.
    case serversDown(names: [String], since: Date, isOffline: Bool)

    func text(width: Int, timeZone: TimeZone) -> SanitizedText {
        switch self {
        case .connecting(let savedAt):
            return "connecting; requests saved at \(ClockText.time(savedAt, in: timeZone)) shown dimmed"
        case .serversDown(let names, let since, let isOffline):
            let time = ClockText.time(since, in: timeZone)
            let who = Sanitizer.line.sanitize(names.joined(separator: ", "))
            let what: SanitizedText = isOffline ? "\(who) offline since \(time)" : "\(who) not answering since \(time)"
            return width >= 60 ? "\(what): \(names.count == 1 ? "its" : "their") last known requests shown dimmed" : what
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
        if fleet.isMerged {
            let down = fleet.members.filter { $0.connection.failingSince != nil }
            if let since = down.compactMap(\.connection.failingSince).min() {
                return .serversDown(names: down.map(\.name), since: since, isOffline: down.allSatisfy(\.connection.isOffline))
            }
            return fleet.members.compactMap(\.cachedSavedAt).min().map { .connecting(savedAt: $0) }
        }
        if let since = unreachableSince {
            return .unreachable(since: since, isOffline: isOffline, hasLoaded: queue.hasLoaded, cachedSavedAt: queue.cachedSavedAt)
        }
        return queue.cachedSavedAt.map { .connecting(savedAt: $0) }
    }
}
