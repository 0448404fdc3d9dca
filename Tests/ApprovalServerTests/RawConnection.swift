import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to 127.0.0.1, for sending bytes no HTTP client would (slow, huge or
/// smuggled requests) and reading exactly what the server answers.
///
/// Every call blocks a Dispatch thread, never one of Swift concurrency's few pool threads, which
/// the in-process server needs to answer.
final class RawConnection: @unchecked Sendable {
    // Safe: a test uses one connection from one task at a time.
    private var fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawConnectionError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw RawConnectionError.failed("connect: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    /// Closes the connection (also done when it is released).
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Writes all of `text`; false when the server closed the connection first.
    @discardableResult
    func send(_ text: String) async -> Bool { await send(Data(text.utf8)) }

    @discardableResult
    func send(_ data: Data) async -> Bool { await offload { self.sendBlocking(data) } }

    /// Reads until the server closes the connection or `timeout` passes; `closed` tells which.
    func readUntilClosed(timeout: Duration) async -> (data: Data, closed: Bool) {
        await offload { self.readBlocking(until: { _ in false }, timeout: timeout) }
    }

    /// Reads until `done(received)` is true, the server closes, or `timeout` passes.
    func read(until done: @escaping @Sendable (Data) -> Bool, timeout: Duration) async -> (data: Data, closed: Bool) {
        await offload { self.readBlocking(until: done, timeout: timeout) }
    }

    private func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    private func sendBlocking(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    private func readBlocking(until done: (Data) -> Bool, timeout: Duration) -> (data: Data, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !done(received) {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return (received, false) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return (received, true) }
            received.append(contentsOf: buffer[0..<count])
        }
        return (received, false)
    }
}

enum RawConnectionError: Error {
    case failed(String)
}

extension Data {
    /// How many times `text` occurs.
    func occurrences(of text: String) -> Int {
        let needle = Data(text.utf8)
        var count = 0
        var start = startIndex
        while let found = self[start...].range(of: needle) {
            count += 1
            start = found.upperBound
        }
        return count
    }
}
