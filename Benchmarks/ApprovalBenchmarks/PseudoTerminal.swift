import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The controller side of a pseudo-terminal pair, opened with `posix_openpt`, sized with
/// `TIOCSWINSZ`. A child opens `devicePath` as its terminal.
final class PseudoTerminal {
    /// The controller descriptor: what the child writes arrives here; what we write is its input.
    let controller: Int32
    /// The device the child opens, `/dev/pts/N`.
    let devicePath: String

    /// Opens a pseudo-terminal of `columns` × `rows`.
    init(columns: Int, rows: Int) throws(BenchmarkError) {
        let calls = PTYCalls.load()
        let fd = calls.openpt(O_RDWR | O_NOCTTY)
        guard fd >= 0 else { throw .system("posix_openpt", errno) }
        guard calls.grantpt(fd) == 0, calls.unlockpt(fd) == 0, let name = calls.ptsname(fd) else {
            let code = errno
            Glibc.close(fd)
            throw .system("grantpt/unlockpt/ptsname", code)
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(fd, UInt(TIOCSWINSZ), &size) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .system("ioctl(TIOCSWINSZ)", code)
        }
        controller = fd
        devicePath = String(cString: name)
    }

    deinit { Glibc.close(controller) }

    /// Writes `bytes` as typed input.
    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(controller, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }

    /// Waits up to `timeout` for output and reads what is there; empty when nothing came,
    /// nil when the child side is closed (the child exited).
    func read(timeout: Duration) -> [UInt8]? {
        var descriptor = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(Double(Int32.max), timeout.milliseconds.rounded(.up))))
        let ready = poll(&descriptor, 1, milliseconds)
        if ready <= 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(controller, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN ? [] : nil }
        if count == 0 { return nil }
        return Array(buffer[0..<count])
    }
}

/// glibc's pseudo-terminal calls. Swift's Glibc module is built without `_XOPEN_SOURCE`, which
/// hides their declarations, so they are looked up by name in the C library already loaded.
private struct PTYCalls {
    let openpt: @convention(c) (Int32) -> Int32
    let grantpt: @convention(c) (Int32) -> Int32
    let unlockpt: @convention(c) (Int32) -> Int32
    let ptsname: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static func load() -> PTYCalls {
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let address = dlsym(nil, name) else { fatalError("glibc has no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        return PTYCalls(
            openpt: symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self),
            grantpt: symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self),
            unlockpt: symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
            ptsname: symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self))
    }
}
