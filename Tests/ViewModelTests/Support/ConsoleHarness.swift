import ApprovalModel
import Foundation
import Testing
@testable import ApprovalViewModels

/// Drives a `ConsoleState` through events. `send` is exhaustive: the test states the effects and
/// every change to the state, and anything else fails.
struct ConsoleHarness {
    var state: ConsoleState

    init(_ state: ConsoleState) { self.state = state }

    /// Sends `event`, requiring exactly `effects` and exactly the change `expect` makes.
    mutating func send(
        _ event: ConsoleEvent, effects: [Effect] = [], _ expect: (inout ConsoleState) -> Void = { _ in },
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var expected = state
        expect(&expected)
        let actual = state.update(event)
        #expect(actual == effects, "effects", sourceLocation: sourceLocation)
        #expect(state == expected, "state after \(event)", sourceLocation: sourceLocation)
    }

    /// Presses keys without asserting, drawing after each as the loop does (so scroll limits
    /// measured by the frame come back); returns the effects of all of them.
    @discardableResult
    mutating func press(_ keys: KeyPress...) -> [Effect] {
        keys.flatMap { key in
            defer { draw() }
            return state.update(.key(key))
        }
    }

    /// Types each character of `text`.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { state.update(.key(.character($0))) }
    }

    /// Draws a frame and hands its scroll limits back, as `ConsoleLoop.paint` does.
    mutating func draw() {
        let limits = drawConsole(state, size: state.size).scrollLimits
        if limits != state.scrollLimits { _ = state.update(.drawn(limits)) }
    }

    /// The rendered screen's rows.
    func screen() -> [String] { renderScreen(state, size: state.size).textRows() }

    /// Whether any screen row contains `text`.
    func shows(_ text: String) -> Bool { screen().contains { $0.contains(text) } }
}
