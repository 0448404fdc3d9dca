import Foundation

/// Runs `operation` on the concurrency pool and blocks this (non-pool) thread until it ends.
///
/// For code that runs on threads of its own and must wait for async work in order: the benchmarks
/// drive child processes from the main thread with blocking `poll()` calls; the flow runner reads a
/// child's output on dispatch threads and stores each line before reading the next (so a chatty
/// child is slowed by its pipe, not buffered without end). Never call it from a task.
public func blockingAwait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
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
