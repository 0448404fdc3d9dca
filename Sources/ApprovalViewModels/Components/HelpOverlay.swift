import Foundation
import ApprovalModel

/// A framed box over the screen (`?` or `:status`): how the server connection stands with the
/// last error in full, then every binding of the current screen and the global ones it does not
/// shadow, built only from the keymap (so help cannot drift from behaviour).
struct HelpOverlay: ScreenComponent {
    let keymap: Keymap
    let screen: ScreenID
    let isReadOnly: Bool
    var scroll = 0
    /// The connection lines at the top, already sanitized (none in a bare overlay).
    var status: [StyledLine] = []

    /// The overlay for `state`, scrolled as it says.
    init(state: ConsoleState, width: Int) {
        self.init(keymap: state.keymap, screen: state.screen, isReadOnly: state.isReadOnly, scroll: state.helpScroll,
                  status: Self.statusLines(state, width: Self.innerWidth(inBodyOf: width)))
    }

    init(keymap: Keymap, screen: ScreenID, isReadOnly: Bool, scroll: Int = 0, status: [StyledLine] = []) {
        self.keymap = keymap
        self.screen = screen
        self.isReadOnly = isReadOnly
        self.scroll = scroll
        self.status = status
    }

    /// The box's width in a body `width` columns wide, and the text's inside its frame.
    static func boxWidth(inBodyOf width: Int) -> Int { min(width - 2, 64) }
    static func innerWidth(inBodyOf width: Int) -> Int { boxWidth(inBodyOf: width) - 4 }

    /// "server NAME: live since 12:00:03", or how long it has failed, then the last error in full
    /// (the server's words sanitized), wrapped to `width`.
    static func statusLines(_ state: ConsoleState, width: Int) -> [StyledLine] {
        let time = { (date: Date) in ClockText.time(date, in: state.timeZone) }
        func wrapped(_ text: SanitizedText, _ role: StyleRole) -> [StyledLine] {
            text.wrapped(toWidth: max(1, width)).map { StyledLine($0, role) }
        }
        func standing(_ name: String, _ connection: ConnectionState, pushLive: Bool) -> [StyledLine] {
            let server = Sanitizer.line.sanitize(name)
            let (text, role): (SanitizedText, StyleRole) = switch connection {
            case .connecting: ("server \(server): connecting", .helpText)
            case .live(let since): ("server \(server): live since \(time(since))\(pushLive ? ", push live" : "")", .statusLive)
            case .failing(let since, _, let attempts): ("server \(server): not answering since \(time(since)) (\(attempts) tries)", .statusError)
            case .offline(let since, _): ("server \(server): offline since \(time(since))", .statusOffline)
            }
            return wrapped(text, role)
        }
        // A console on several servers: each server's standing and, while it fails, why.
        if state.fleet.isMerged {
            return state.fleet.members.flatMap { member in
                standing(member.name, member.connection, pushLive: member.isPushLive)
                    + (member.connection.lastError.map {
                        wrapped("  \(Sanitizer.line.sanitize($0.description))", .helpText)
                    } ?? [])
            }
        }
        var lines = standing(state.serverName, state.connection, pushLive: state.isPushLive)
        if let last = state.lastServerError {
            lines += wrapped("last error at \(time(last.at)): \(Sanitizer.line.sanitize(last.error.description))", .helpText)
        }
        return lines
    }

    func lines() -> [StyledLine] {
        let groups = keymap.fullHelp(for: screen)
        var lines: [StyledLine] = status
        if !status.isEmpty { lines.append(StyledLine()) }
        let keyWidth = min(12, (groups.flatMap { $0 }.map { Sanitizer.line.sanitize($0.label).displayWidth }.max() ?? 4) + 2)
        for (index, group) in groups.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            for binding in group {
                lines.append(StyledLine([(Sanitizer.line.sanitize(binding.label).fitted(toWidth: keyWidth), .helpKey),
                                         (Sanitizer.line.sanitize(binding.summary), .helpText)]))
            }
        }
        if isReadOnly { lines += [StyledLine(), StyledLine("read-only session: deciding and stopping are off", .statusReadOnly)] }
        return lines
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        _ = draw(in: area, into: &buffer)
    }

    /// Renders; returns the furthest offset the overlay can scroll to in `area`.
    func draw(in area: Rect, into buffer: inout ScreenBuffer) -> Int {
        let lines = lines()
        let box = area.centred(width: Self.boxWidth(inBodyOf: area.width), height: min(area.height, lines.count + 2))
        let title: SanitizedText = status.isEmpty ? " Keys: \(screen.title) · esc closes " : " Help: \(screen.title) · esc closes "
        let inner = FramedBox.draw(box, title: title, into: &buffer)
        let limit = max(0, lines.count - inner.height)
        let top = min(scroll, limit)
        for (row, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            line.draw(at: inner.y + row, in: inner, into: &buffer)
        }
        if top + inner.height < lines.count {
            buffer.write(" j/↓ more ", at: Point(x: box.maxX - 12, y: box.maxY - 1), role: .helpFrame, clip: box)
        }
        return limit
    }
}
