import ApprovalViewModels

/// The parts of the terminal an effect touches (the bell, the theme, raw notification escapes).
/// `CursesTerminal` is the real one; a test records the calls instead of drawing.
protocol TerminalSurface: AnyObject {
    /// The terminal bell.
    func bell()
    /// Uses `theme`'s colours from now on.
    func use(theme: Theme, useColour: Bool)
    /// Forgets what is on screen, so the next frame is painted whole.
    func prepareFullRepaint()
    /// Writes our own, sanitized escape sequences (desktop notifications).
    func writeRaw(_ text: String)
}

extension CursesTerminal: TerminalSurface {}
