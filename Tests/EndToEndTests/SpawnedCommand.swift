import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command with posix_spawn and waits for it with waitpid.
///
/// Foundation's `Process.waitUntilExit()` was seen never returning here for a child that had
/// already exited (left as a zombie), so the end-to-end tests spawn and reap children themselves.
enum SpawnedCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `argv` (looked up in PATH) with stdin from /dev/null and output to the given files;
    /// returns the exit status (128 + signal when killed by one).
    static func run(_ argv: [String], stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard result == 0 else { throw Failure(description: "cannot start \(argv[0]): error \(result)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: errno \(errno)") }
        }
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }
}
