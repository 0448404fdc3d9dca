import Foundation

/// Runs `operation` on the concurrency pool and blocks this (non-pool) thread until it ends.
///
/// The benchmarks drive child processes from the main thread with blocking `poll()` calls, and
/// use this only to start and stop in-process servers. Never call it from a task.
func blockingAwait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.set(.success(try await operation())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try box.get()
}

/// One result handed from a task to a waiting thread. `@unchecked Sendable`: `result` is
/// written once under `lock` before the semaphore is signalled and read after it.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}
