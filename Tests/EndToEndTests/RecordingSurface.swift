@testable import ApprovalTUI
import ApprovalViewModels

/// What the terminal was asked to do, in order; stands in for curses (nothing else is faked).
final class RecordingSurface: TerminalSurface {
    enum Call: Equatable {
        case bell
        case theme(String, useColour: Bool)
        case fullRepaint
        case raw(String)
    }

    var calls: [Call] = []
    func bell() { calls.append(.bell) }
    func use(theme: Theme, useColour: Bool) { calls.append(.theme(theme.name, useColour: useColour)) }
    func prepareFullRepaint() { calls.append(.fullRepaint) }
    func writeRaw(_ text: String) { calls.append(.raw(text)) }
}
