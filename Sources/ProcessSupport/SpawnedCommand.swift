import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command with posix_spawn and waits for it with waitpid.
///
/// Foundation's `Process.waitUntilExit()` was seen never returning here for a child that had
/// already exited (left as a zombie), so the tests spawn and reap children themselves.
public enum SpawnedCommand {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Runs `argv` (looked up in PATH) with stdin from /dev/null and output to the given files;
    /// returns the exit status (128 + signal when killed by one).
    public static func run(_ argv: [String], stdout: String, stderr: String) throws -> Int32 {
        try Child(argv, environment: nil, stdout: stdout, stderr: stderr).waitBlocking()
    }

    /// A started child process; `environment` nil inherits ours, else adds to ours.
    public final class Child: Sendable {
        public let pid: pid_t

        public init(_ argv: [String], environment: [String: String]?, stdout: String, stderr: String) throws {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer { for pointer in cArguments { free(pointer) } }
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment ?? [:] { merged[key] = value }
            var cEnvironment: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for pointer in cEnvironment { free(pointer) } }
            var pid: pid_t = 0
            let result = posix_spawnp(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
            guard result == 0 else { throw Failure(description: "cannot start \(argv[0]): error \(result)") }
            self.pid = pid
        }

        /// Blocks this thread until the child exits; its status (128 + signal when killed by one).
        public func waitBlocking() throws -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                guard errno == EINTR else { throw Failure(description: "waitpid failed: errno \(errno)") }
            }
            if status & 0x7F == 0 { return (status >> 8) & 0xFF }
            return 128 + (status & 0x7F)
        }

        /// Waits on a thread of its own (never blocking the test's executor); fails after `timeout`
        /// and kills the child.
        public func exitStatus(timeout: Duration = .seconds(30)) async throws -> Int32 {
            let result = try await withThrowingTaskGroup(of: Int32?.self, returning: Int32?.self) { group in
                group.addTask {
                    try await withCheckedThrowingContinuation { continuation in
                        Thread { continuation.resume(with: Result { try self.waitBlocking() }) }.start()
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                if let status = try await group.next() ?? nil {
                    group.cancelAll()
                    return status
                }
                kill(self.pid, SIGKILL)
                _ = try await group.next()
                return nil
            }
            guard let result else { throw Failure(description: "pid \(pid) still ran after \(timeout)") }
            return result
        }

        public func signal(_ number: Int32) { kill(pid, number) }
    }
}
