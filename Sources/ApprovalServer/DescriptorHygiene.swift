import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the server's descriptors out of the commands it starts.
///
/// FlyingFox accepts connections without `SOCK_CLOEXEC`, and Foundation's `Process` does not
/// close inherited descriptors, so a tool or flow command would otherwise inherit agents'
/// connections and the listening socket — holding the port open after the server stops, and
/// able to write into another client's connection. Before each spawn, every descriptor from 3
/// up is marked close-on-exec; the child still gets its own stdin/stdout/stderr (Foundation
/// dups them onto 0–2, which are left alone).
enum DescriptorHygiene {
    /// Marks `fd` close-on-exec.
    static func closeOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Marks every open descriptor from 3 up close-on-exec (read from /proc/self/fd).
    static func protectAll() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd >= 3 else { continue }
            closeOnExec(fd)
        }
    }
}
