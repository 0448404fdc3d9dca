/// Why the full-screen console cannot start here.
enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    case notATerminal
    case dumbTerminal
    case noTerm
    case unknownTerminal(String)
    case tooSmallToStart

    var description: String {
        switch self {
        case .notATerminal:
            "the console needs a terminal: standard input and output must be a TTY (use `list --json` in scripts)"
        case .dumbTerminal:
            "TERM=dumb cannot draw a full-screen console; run it in a real terminal or use `approval-tui list`"
        case .noTerm:
            "TERM is not set; set it to your terminal's type (for example xterm-256color)"
        case .unknownTerminal(let term):
            "no terminfo entry for TERM=\(term); install ncurses-term or set TERM=xterm-256color"
        case .tooSmallToStart:
            "the terminal reports no size"
        }
    }
}
