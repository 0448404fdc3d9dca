import ApprovalClient
import Foundation

/// Figure 6: a new approval request to the terminal bell (BEL, 0x07), through polling every 2 s.
///
/// The console starts on a queue of 100 (its first-run backlog rings once, awaited first); then,
/// several times, a new request is added to the server at a random moment of the poll cycle and
/// the time to the BEL byte in the terminal output is taken. Push is not built yet.
struct BellBenchmark {
    var binary: String
    var rounds: Int

    static let budget = "≤ poll interval + 100 ms (2.1 s)"

    func run() -> [FigureResult] {
        let name = "new request → bell, polling every 2 s"
        var timings: [Duration] = []
        do {
            let factory = RequestFactory(expires: false)
            let responder = try QueueResponder.start(serving: factory.requests(count: 100))
            defer { responder.stop() }
            let console = try ConsoleProcess(binary: binary, serverURL: responder.baseURL)
            defer { console.finish() }
            guard console.read(until: { $0.contains(0x07) }, timeout: .seconds(15)) != nil else {
                throw BenchmarkError.timedOut("the first-run bell")
            }
            var random = SplitMix64(seed: 11)
            for round in 0..<rounds {
                _ = console.read(for: .milliseconds(1100 + random.next(below: 2000)))
                let added = console.clock.now
                responder.queue.add(factory.request(100 + round, random: &random))
                guard let rang = console.read(until: { $0.contains(0x07) }, timeout: .seconds(10)) else {
                    throw BenchmarkError.timedOut("the bell for a new request")
                }
                timings.append(rang - added)
            }
        } catch {
            return [.failed(6, name, budget: Self.budget, error: error)]
        }
        let samples = Samples(timings)
        return [
            FigureResult(
                number: 6, name: name, budget: Self.budget,
                measured: "\(formatMilliseconds(samples.median)) median · \(formatMilliseconds(samples.max)) max",
                verdict: samples.max <= 2100 ? .pass : .fail,
                note: "\(rounds) requests added at random points of the poll cycle; the budget applies to the worst",
                values: ["median_ms": samples.median, "max_ms": samples.max, "samples": Double(samples.count)]),
            .notMeasured(6, "new request → bell, push", budget: "≤ 200 ms",
                         because: "push (websocket events) is not built yet"),
        ]
    }
}
