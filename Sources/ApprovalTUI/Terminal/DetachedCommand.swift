import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a helper program (notify-send) with argv words only — never through a shell — and
/// reaps it on a background thread so it never lingers as a zombie.
enum DetachedCommand {
    /// Starts `argv` with stdin, stdout and stderr on /dev/null; returns false when it cannot start.
    @discardableResult
    static func start(_ argv: [String]) -> Bool {
        guard let program = argv.first else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in arguments { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, program, &actions, nil, &arguments, environ) == 0 else { return false }
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1, errno == EINTR {}
        }
        return true
    }
}
