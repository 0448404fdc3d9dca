import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns off Nagle's algorithm for the server's connections.
///
/// FlyingFox writes a response's header and body with two `write` calls; with Nagle on, the
/// body waits for the client's delayed ACK of the header — about 40 ms per request on Linux.
/// FlyingFox has no hook for socket options, but on Linux an accepted socket inherits
/// `TCP_NODELAY` from its listening socket, so the listener is found by the port it is bound to
/// and the option set there, once, right after it starts listening.
enum ListeningSocketTuning {
    /// Sets TCP_NODELAY on this process's listening TCP socket bound to `port`; returns whether one was found.
    @discardableResult
    static func disableNagle(onListenerAt port: UInt16) -> Bool {
        #if os(Linux)
            let maximum = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 65_536)
            var found = false
            for fd in Int32(3)..<max(maximum, 4) {
                var info = stat()
                guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK else { continue }
                var listening: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0, listening == 1 else {
                    continue
                }
                guard boundPort(fd) == port else { continue }
                var on: Int32 = 1
                if setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 {
                    found = true
                }
                // Never hand the listening socket to a tool or flow command.
                DescriptorHygiene.closeOnExec(fd)
            }
            return found
        #else
            return false
        #endif
    }

    private static func boundPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        default:
            return nil
        }
    }
}
