import Foundation

/// The answer did not come within its bound: the test fails instead of hanging the suite.
struct TimeBoundExceeded: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "\(what) took longer than \(limit)" }
}

/// `body`'s value, or ``TimeBoundExceeded`` after `limit`. Unlike a task group this does not wait
/// for a body that ignores cancellation (a read on a pipe, a continuation never resumed): the
/// body is cancelled and left behind, and the test goes on to fail.
func within<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { continuation in
        race.continuation = continuation
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if race.finish(.failure(TimeBoundExceeded(what: what, limit: limit))) { work.cancel() }
        }
    }
}

/// The first of the body and the timer to finish resumes the caller, once.
private final class Race<T: Sendable>: @unchecked Sendable {
    // Safe: `continuation` is set before either side can finish and only read under `lock`.
    private let lock = NSLock()
    var continuation: CheckedContinuation<T, any Error>?

    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        guard let continuation = lock.withLock({ () -> CheckedContinuation<T, any Error>? in
            defer { self.continuation = nil }
            return self.continuation
        }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
