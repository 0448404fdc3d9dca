import Foundation

/// Carries values from any task or thread to the single thread that owns the terminal.
///
/// `post` appends under a lock and writes one byte to a pipe; the terminal thread waits in
/// `poll()` on that pipe and on the keyboard, so an idle console makes no wake-ups at all.
/// Signal handlers may call `wake(from:)`-style writes on `wakeFD` directly (write(2) is
/// async-signal-safe).
final class Mailbox<Value: Sendable>: @unchecked Sendable {
    // Safe: `items` is only touched while holding `lock`; the pipe descriptors never change after init.
    private let lock = NSLock()
    private var items: [Value] = []
    /// Read end, polled by the terminal thread.
    let readFD: Int32
    /// Write end: one byte wakes the terminal thread.
    let wakeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        if pipe(&fds) != 0 { fatalError("approval-tui: cannot create a pipe: errno \(errno)") }
        readFD = fds[0]
        wakeFD = fds[1]
        for fd in fds {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readFD)
        close(wakeFD)
    }

    /// Queues `value` and wakes the terminal thread.
    func post(_ value: Value) {
        lock.lock()
        items.append(value)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(wakeFD, &byte, 1)
    }

    /// Takes everything queued so far and empties the wake pipe.
    func drain() -> [Value] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}
