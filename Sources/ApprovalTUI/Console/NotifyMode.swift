import ArgumentParser

/// `--notify`: how the approver hears about new requests and finished runs.
enum NotifyMode: String, CaseIterable, ExpressibleByArgument, Sendable {
    case bell, desktop, both, none

    var rings: Bool { self == .bell || self == .both }
    var showsDesktop: Bool { self == .desktop || self == .both }

    /// The same mode with the bell removed when `--no-bell` was given.
    func withoutBell(_ noBell: Bool) -> NotifyMode {
        guard noBell else { return self }
        switch self {
        case .bell, .none: return .none
        case .desktop, .both: return .desktop
        }
    }
}
