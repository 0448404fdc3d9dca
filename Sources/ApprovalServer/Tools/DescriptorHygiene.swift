import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the server's descriptors out of the commands it starts.
///
/// Tools, flows and upstream MCP servers are started with Foundation's `Process`, which on Linux
/// (swift-corelibs-foundation) adds a close action to the spawn for every descriptor from 3 up
/// to the highest open one, so the child gets its stdin/stdout/stderr and nothing of the server
/// (listening socket, agents' connections, SQLite files), whatever the HTTP layer leaves
/// inheritable and without scanning the server's descriptors first. The one exception is
/// Foundation's own end of the socket pair it watches to learn that the child exited; it is
/// connected to nothing else. `ChildHygieneTests` and the upstream test prove this for all three.
///
/// `closeOnExec` remains for descriptors the server itself wants closed on any exec.
enum DescriptorHygiene {
    /// Marks `fd` close-on-exec.
    static func closeOnExec(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
}
