import ApprovalModel
import ApprovalViewModels
import Foundation

/// Figure 1: drawing a 200×60 frame and diffing it against the previous one, as the console loop
/// does after every event. Two screens: the queue with 10,000 pending requests while the focus
/// moves down one row per frame (so every frame differs, and past row 56 the table scrolls), and
/// the log view after 100,000 lines while following and a new line arrives per frame (every row
/// moves: the worst case for the diff).
struct RenderBenchmark {
    var iterations: Int

    static let budget = "≤ 1 ms median"

    func run() -> [FigureResult] {
        [queueFigure(), logFigure(), filterFigure(), answerFigure(), fleetFigure()]
    }

    /// Not a budget of its own: the same as the two servers' figure on one server, 10,000
    /// pending, one request more or fewer in each answer (update + render + diff), to tell what
    /// merging adds from what any changed answer costs.
    private func answerFigure() -> FigureResult {
        let factory = RequestFactory()
        let now = factory.start.addingTimeInterval(1800)
        var state = ConsoleState(serverName: "preloop.example", userName: "approver", size: BenchmarkConsole.size, now: now)
        let all = factory.requests(count: 10_001)
        let lists = [Array(all[..<10_000]), all]
        _ = state.update(.snapshotArrived(requests: lists[0], executions: [], at: now))
        let samples = Samples(timeUpdates(of: &state) { index in
            .snapshotArrived(requests: lists[(index + 1) % 2], executions: [], at: now)
        })
        return infoFigure(1, "one server, 10,000 pending: a changed answer (update + render + diff)", samples,
                          note: "any poll that brings a change, for comparison with the merged queue below")
    }

    private func infoFigure(_ number: Int, _ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: number, name: name, budget: "—",
            measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.p99)) p99",
            verdict: .info, note: note,
            values: ["median_ms": samples.median, "p99_ms": samples.p99, "samples": Double(samples.count)])
    }

    /// Not a budget of its own: a console on two servers, 5,000 pending on each, where one
    /// server's answer (one request more or fewer each time) is merged with the other's last list
    /// (update + render + diff); its ids were qualified before, as the session does.
    private func fleetFigure() -> FigureResult {
        let factory = RequestFactory()
        let now = factory.start.addingTimeInterval(1800)
        var state = ConsoleState(
            serverName: "team + mine", userName: "approver", size: BenchmarkConsole.size, now: now, servers: ["team", "mine"])
        let team = ServerScope(name: "team", qualifies: true), mine = ServerScope(name: "mine", qualifies: true)
        let all = factory.requests(count: 10_001)
        let mineRequests = all[5_001...].map { $0.scoped(mine) }
        let teamLists = [Array(all[..<5_000]), Array(all[..<5_001])].map { $0.map { $0.scoped(team) } }
        _ = state.update(.serverSnapshotArrived(server: "mine", requests: mineRequests, executions: [], at: now))
        _ = state.update(.serverSnapshotArrived(server: "team", requests: teamLists[0], executions: [], at: now))
        let samples = Samples(timeUpdates(of: &state) { index in
            .serverSnapshotArrived(server: "team", requests: teamLists[(index + 1) % 2], executions: [], at: now)
        })
        return infoFigure(1, "two servers' merged queue, 2 × 5,000 pending: one server's changed answer (update + render + diff)",
                          samples, note: "what a poll of one server costs the console on several servers")
    }

    /// Not a budget of its own: the in-process share of figure 3's filter keystrokes (update,
    /// render and diff), to tell the view model's cost from the terminal's.
    private func filterFigure() -> FigureResult {
        var state = BenchmarkConsole.queue(count: 10_000, factory: RequestFactory(expires: false))
        _ = state.update(.key(.character("/")))
        let keys: [KeyPress] = "kubernetes".map { KeyPress.character($0) } + Array(repeating: .backspace, count: 10)
        let samples = Samples(timeUpdates(of: &state) { index in .key(keys[index % keys.count]) })
        return infoFigure(3, "filter keystroke in process, 10,000 pending (update + render + diff)", samples,
                          note: "the view model's share of a filter keystroke; the rest of figure 3 is curses, the pty and scheduling")
    }

    /// Times a tenth of `iterations` (at least 20) updates, each with the render and diff after
    /// it, as the console loop does: `event` is the one sent for each.
    private func timeUpdates(of state: inout ConsoleState, event: (Int) -> ConsoleEvent) -> [Duration] {
        var previous = renderScreen(state, size: BenchmarkConsole.size)
        var timings: [Duration] = []
        let clock = ContinuousClock()
        for index in 0..<max(20, iterations / 10) {
            let start = clock.now
            _ = state.update(event(index))
            let frame = renderScreen(state, size: BenchmarkConsole.size)
            _ = frame.changes(since: previous)
            timings.append(clock.now - start)
            previous = frame
        }
        return timings
    }

    private func queueFigure() -> FigureResult {
        var state = BenchmarkConsole.queue(count: 10_000)
        let timings = timeFrames(of: &state) { _, state in _ = state.update(.key(.character("j"))) }
        return figure(1, "render queue frame 200×60, 10,000 pending (render + diff)", Samples(timings),
                      note: "\(iterations) frames, focus moving down one row per frame")
    }

    private func logFigure() -> FigureResult {
        var state = BenchmarkConsole.queue(count: 100)
        BenchmarkConsole.openLog(&state)
        BenchmarkConsole.stream(0..<100_000, into: &state)
        let timings = timeFrames(of: &state) { index, state in
            BenchmarkConsole.stream((100_000 + index)..<(100_001 + index), into: &state)
        }
        return figure(1, "render log view 200×60 after 100,000 lines (render + diff)", Samples(timings),
                      note: "\(iterations) frames, following, one new line per frame")
    }

    /// Times `iterations` frames (render + diff against the one before); `advance` changes the
    /// state before each, untimed, and must change what the frame shows.
    private func timeFrames(of state: inout ConsoleState, advance: (Int, inout ConsoleState) -> Void) -> [Duration] {
        var previous = renderScreen(state, size: BenchmarkConsole.size)
        var timings: [Duration] = []
        let clock = ContinuousClock()
        for index in 0..<iterations {
            advance(index, &state)
            let start = clock.now
            let frame = renderScreen(state, size: BenchmarkConsole.size)
            let changes = frame.changes(since: previous)
            timings.append(clock.now - start)
            precondition(!changes.isEmpty, "each benchmark frame must differ from the one before")
            previous = frame
        }
        return timings
    }

    private func figure(_ number: Int, _ name: String, _ samples: Samples, note: String) -> FigureResult {
        FigureResult(
            number: number, name: name, budget: Self.budget,
            measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.p99)) p99",
            verdict: samples.median <= 1 ? .pass : .fail, note: note,
            values: ["median_ms": samples.median, "p99_ms": samples.p99, "samples": Double(samples.count)])
    }
}
