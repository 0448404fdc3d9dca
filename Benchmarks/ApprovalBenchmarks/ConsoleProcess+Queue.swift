import Foundation

extension ConsoleProcess {
    /// Reads output until `queue` has served `listings` complete walks of its list, then until the
    /// screen has been quiet for `quiet`: the console has painted what it fetched.
    /// - Throws: `.timedOut` after `timeout`.
    func settle(after listings: Int, of queue: ServedQueue, quiet: Duration = .milliseconds(300),
                timeout: Duration = .seconds(30)) throws -> ContinuousClock.Instant {
        let deadline = clock.now + timeout
        while queue.completedListings < listings {
            guard !hasExited, clock.now < deadline else { throw BenchmarkError.timedOut("the console to fetch the queue") }
            _ = read(for: .milliseconds(5))
        }
        var last = clock.now
        while clock.now < deadline {
            let (end, _) = readUntilQuiet(quiet: quiet, timeout: quiet)
            guard let end else { return last }
            last = end
        }
        throw BenchmarkError.timedOut("the screen to settle")
    }
}
