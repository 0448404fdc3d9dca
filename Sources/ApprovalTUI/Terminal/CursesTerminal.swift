import ApprovalViewModels
import CursesBridge
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real terminal: paints `ScreenBuffer` changes through ncursesw and reads keys.
///
/// Not Sendable: one thread (the console loop's) creates it, uses it and closes it; curses is
/// never called from anywhere else. Painting an empty change list writes nothing at all.
final class CursesTerminal {
    private var screen: OpaquePointer?
    private var palette: CursesPalette
    private(set) var size: Size
    private var isClosed = false

    /// Takes over the terminal.
    ///
    /// - Throws: `TerminalError` when standard input/output are not a terminal, TERM is unset or
    ///   dumb, or terminfo has no entry for it; nothing has been changed on the terminal then.
    init(environment: [String: String], theme: Theme, useColour: Bool) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { throw .noTerm }
        guard term != "dumb" else { throw .dumbTerminal }
        Self.ensureUTF8Locale(environment: environment)
        guard cb_setupterm(term, STDOUT_FILENO) == 0 else { throw .unknownTerminal(term) }
        guard let created = cb_newterm_stdio() else { throw .unknownTerminal(term) }
        screen = created
        set_term(created)
        cbreak()
        noecho()
        nonl()
        intrflush(cb_stdscr(), false)
        keypad(cb_stdscr(), true)
        nodelay(cb_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if useColour, has_colors() {
            start_color()
            use_default_colors()
        }
        palette = CursesPalette(theme: theme, useColour: useColour && has_colors())
        size = Size(columns: Int(cb_cols()), rows: Int(cb_lines()))
        erase()
    }

    deinit { close() }

    /// Switches colours and attributes to `theme`; the caller repaints everything afterwards.
    func use(theme: Theme, useColour: Bool) {
        palette = CursesPalette(theme: theme, useColour: useColour && has_colors())
    }

    /// Paints the changed runs and shows them; an empty list writes nothing. A run of ASCII cells
    /// is one curses call; any other grapheme is one cell (`setcchar` keeps a base and its
    /// combining marks, emoji sequences included, in the one cell it belongs to).
    func apply(_ runs: [CellRun]) {
        guard !runs.isEmpty, !isClosed else { return }
        var characters: [wchar_t] = []
        for run in runs {
            let style = palette[run.role]
            characters.removeAll(keepingCapacity: true)
            for scalar in run.text.unicodeScalars { characters.append(wchar_t(bitPattern: scalar.value)) }
            if run.text.utf8.allSatisfy({ $0 < 0x80 }) {
                let count = Int32(characters.count)
                characters.append(0)
                _ = cb_put_run(Int32(run.y), Int32(run.x), characters, count, style.attributes, style.pair)
            } else {
                characters = Array(characters.prefix(5)) + [0]
                _ = cb_put_cell(Int32(run.y), Int32(run.x), characters, style.attributes, style.pair)
            }
        }
        refresh()
    }

    /// Clears curses' idea of the screen so the next `apply` repaints from scratch (after a resize).
    func prepareFullRepaint() {
        size = Size(columns: Int(cb_cols()), rows: Int(cb_lines()))
        erase()
    }

    /// Every key waiting in the input, without blocking.
    func readInput() -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        var value: wint_t = 0
        while inputs.count < 256 {
            let result = cb_get_wch(&value)
            if result == cb_key_code_yes() {
                if let input = KeyDecoder.functionKey(Int32(value)) { inputs.append(input) }
            } else if result == 0 {
                if let input = KeyDecoder.character(UInt32(value)) { inputs.append(input) }
            } else {
                break
            }
        }
        return inputs
    }

    /// The terminal bell.
    func bell() {
        guard !isClosed else { return }
        beep()
    }

    /// Writes raw bytes to the terminal (desktop-notification escapes); only our own, sanitized text.
    func writeRaw(_ text: String) {
        guard !isClosed else { return }
        cb_write_stdout(text)
    }

    /// Gives the terminal back: normal mode, cursor visible, screen restored.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// ncurses needs a UTF-8 LC_CTYPE to draw wide characters; the C locale gets C.UTF-8.
    private static func ensureUTF8Locale(environment: [String: String]) {
        _ = setlocale(LC_ALL, "")
        let codeset = String(cString: cb_codeset()).uppercased().replacingOccurrences(of: "-", with: "")
        if codeset != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }
}
