import Foundation

/// Carries the cancellation of one HTTP request (its client went away) into the MCP SDK's
/// handlers, which run in tasks of their own: without it a blocking call whose client
/// disconnected kept waiting, and an approval afterwards ran the tool nobody was told of.
final class CallCancellation: @unchecked Sendable {
    // Safe: `tasks` and `cancelled` are only touched under `lock`.
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []
    private var cancelled = false

    /// `body`'s value; `body` is cancelled when ``cancel()`` is called (before or while it runs).
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let box = ResultBox<T>()
        let task = Task { box.value = await body() }
        let already = lock.withLock {
            tasks.append(task)
            return cancelled
        }
        if already { task.cancel() }
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        return box.value!
    }

    func cancel() {
        let running = lock.withLock {
            cancelled = true
            return tasks
        }
        for task in running { task.cancel() }
    }
}

/// A value handed out of a task that has finished before it is read.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // Safe: written once by the task, read after awaiting it.
    var value: T?
}
