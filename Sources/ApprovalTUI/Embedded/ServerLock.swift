import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on `DIR/server.lock`: whoever holds it owns the data directory and runs
/// its server. The kernel drops the lock when the process ends, however it ends, so a crashed
/// owner never leaves a stale lock behind.
final class ServerLock: Sendable {
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock without waiting; nil when another process holds it.
    static func tryAcquire(in directory: URL) throws(EmbeddedServerError) -> ServerLock? {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storage("cannot create \(directory.path): \(error.localizedDescription)")
        }
        let path = directory.appendingPathComponent("server.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .storage("cannot open \(path): errno \(errno)") }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return ServerLock(path: path, descriptor: descriptor) }
        let failure = errno
        close(descriptor)
        guard failure == EWOULDBLOCK else { throw .storage("cannot lock \(path): errno \(failure)") }
        return nil
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
