import ApprovalClient
import ApprovalModel
import ApprovalViewModels
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The console's event loop: the one thread that owns the terminal.
///
/// It sleeps in `poll()` on the keyboard and the mailbox pipe, so an idle console makes no
/// wake-ups and writes nothing; a timeout exists only while `ConsoleState.needsTick` (a countdown
/// or running duration is on screen). Each turn: read keys and messages, `update` the state,
/// run effects, render, and paint only the cells that changed.
final class ConsoleLoop {
    private let terminal: CursesTerminal
    private var state: ConsoleState
    private let mailbox: Mailbox<LoopMessage>
    private let effects: EffectInterpreter
    private let options: ConsoleOptions
    private var previous: ScreenBuffer
    private var lastTick = Date.distantPast

    /// How the loop ended.
    enum Ending: Equatable {
        case quit
        case signal(Int32)
        case terminalLost
        /// `:server NAME`: reopen the console on that profile.
        case switchServer(String)
    }

    init(terminal: CursesTerminal, state: ConsoleState, mailbox: Mailbox<LoopMessage>, effects: EffectInterpreter,
         options: ConsoleOptions) {
        self.terminal = terminal
        self.state = state
        self.mailbox = mailbox
        self.effects = effects
        self.options = options
        previous = ScreenBuffer(size: Size(columns: 0, rows: 0))
    }

    /// Runs until the approver quits, a signal arrives or the terminal goes away.
    func run() -> Ending {
        _ = state.update(.resized(terminal.size))
        paint()
        while true {
            if let signal = SignalWatcher.pendingSignal { return .signal(signal) }
            let readiness = waitForInput()
            if let signal = SignalWatcher.pendingSignal { return .signal(signal) }
            if readiness.terminalLost { return .terminalLost }
            var effects: [Effect] = []
            let inputs = terminal.readInput()
            // Keys act at the time they are pressed: an undo window counts from the key, not from
            // the last tick or snapshot (there are no ticks while nothing counts down).
            if inputs.contains(where: { if case .key = $0 { true } else { false } }) {
                let now = options.now()
                if now > state.now { effects += state.update(.tick(now: now)) }
            }
            for input in inputs {
                switch input {
                case .resize:
                    terminal.prepareFullRepaint()
                    effects += state.update(.resized(terminal.size))
                case .key(let key):
                    effects += state.update(.key(key))
                }
            }
            for message in mailbox.drain() {
                switch message {
                case .event(let event):
                    effects += state.update(event)
                case .notify(let decision):
                    self.effects.announce(decision)
                }
            }
            let now = options.now()
            if state.needsTick, now.timeIntervalSince(lastTick) >= 1 {
                lastTick = now
                effects += state.update(.tick(now: now))
            }
            if let ending = perform(effects) { return ending }
            paint()
        }
    }

    /// Renders the state and paints the difference from the last frame.
    private func paint() {
        let drawing = drawConsole(state, size: terminal.size)
        terminal.apply(drawing.buffer.changes(since: previous))
        previous = drawing.buffer
        if drawing.scrollLimits != state.scrollLimits { _ = state.update(.drawn(drawing.scrollLimits)) }
    }

    /// Runs effects through the interpreter; returns how the loop ends when one of them ends it.
    private func perform(_ batch: [Effect]) -> Ending? {
        guard !batch.isEmpty else { return nil }
        let outcome = effects.perform(batch, state: &state)
        if outcome.repaintsAll { previous = ScreenBuffer(size: Size(columns: 0, rows: 0)) }
        return outcome.ending
    }

    private struct Readiness {
        var terminalLost = false
    }

    /// Sleeps until a key, a message, a signal, or the next second when a countdown shows.
    private func waitForInput() -> Readiness {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.readFD, events: Int16(POLLIN), revents: 0),
        ]
        var timeout: Int32 = -1
        if state.needsTick {
            let fraction = options.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
            timeout = Int32(max(10, (1 - fraction) * 1000 + 5))
        }
        let result = poll(&descriptors, 2, timeout)
        if result < 0 { return Readiness() }  // EINTR: a signal (resize, stop) — the caller checks
        let hangup = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        if descriptors[0].revents & hangup != 0, descriptors[0].revents & Int16(POLLIN) == 0 {
            return Readiness(terminalLost: true)
        }
        if descriptors[0].revents & Int16(POLLIN) != 0, isatty(STDIN_FILENO) != 1 {
            return Readiness(terminalLost: true)
        }
        return Readiness()
    }
}

/// What the loop needs from the command line and environment.
struct ConsoleOptions: Sendable {
    /// Ring the terminal bell for what the Notifier finds new.
    var bell: Bool
    /// Show a desktop notification for it too.
    var desktop: Bool = false
    /// How desktop notifications get out of this terminal.
    var channel: NotificationChannel = .unavailable
    var useColour: Bool
    var themes: ThemeLoader
    var now: @Sendable () -> Date
    /// Why the profile cannot be switched to, or nil when it can (`:server NAME`).
    var checkProfile: @Sendable (String) -> String? = { _ in "switching servers is not available here" }
}
