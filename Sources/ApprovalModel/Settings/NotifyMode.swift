/// How the approver hears about new requests and finished runs (`--notify`, `notify` in a profile).
public enum NotifyMode: String, CaseIterable, Sendable {
    case bell, desktop, both, none

    public var rings: Bool { self == .bell || self == .both }
    public var showsDesktop: Bool { self == .desktop || self == .both }

    /// The same mode with the bell removed when `--no-bell` was given.
    public func withoutBell(_ noBell: Bool) -> NotifyMode {
        guard noBell else { return self }
        switch self {
        case .bell, .none: return .none
        case .desktop, .both: return .desktop
        }
    }
}
