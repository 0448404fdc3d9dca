import ApprovalModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``FileReading`` on the real file system, through POSIX calls so a missing file and an
/// unreadable one are told apart.
public struct LocalFileSystem: FileReading {
    /// The most a configuration or token file may hold.
    public static let limit = 1 << 20

    /// Agents' settings files: regular files only (a project's `.mcp.json` linked to a pipe or
    /// `/dev/tty` must not hang the listing), up to 64 MiB (Claude Code's grows with every project).
    public static let agentSettings = LocalFileSystem(limit: 64 << 20, regularFilesOnly: true)

    /// The most this reader reads from one file.
    public let limit: Int
    /// Whether only regular files are read (no pipe, device or socket that could block).
    public let regularFilesOnly: Bool

    /// - Parameters:
    ///   - limit: bytes at most (1 MiB for config and token files; agents' settings are larger).
    ///   - regularFilesOnly: refuse pipes and devices (a token file may be `<(pass show …)`, a
    ///     pipe; an agent's settings file never is).
    public init(limit: Int = LocalFileSystem.limit, regularFilesOnly: Bool = false) {
        self.limit = limit
        self.regularFilesOnly = regularFilesOnly
    }

    public func readText(atPath path: String) -> FileReadResult {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreadable(reason: Self.reason(code))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .unreadable(reason: "it is a directory") }
        if regularFilesOnly, (info.st_mode & S_IFMT) != S_IFREG { return .unreadable(reason: "it is not a regular file") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .unreadable(reason: Self.reason(errno)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            // Bounded: a config or token file named by mistake (or malice) as /dev/zero, or a
            // pipe that never ends, is refused rather than read until memory runs out.
            var data = Data()
            while data.count <= limit, let chunk = try handle.read(upToCount: limit + 1 - data.count), !chunk.isEmpty {
                data += chunk
            }
            if data.count > limit {
                return .unreadable(reason: "it is larger than \(limit >> 20) MiB; a config or token file is far smaller")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return .unreadable(reason: "it is not UTF-8 text")
            }
            return .text(text)
        } catch {
            return .unreadable(reason: "\(error)")
        }
    }

    public func permissions(atPath path: String) -> UInt16? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt16(truncatingIfNeeded: info.st_mode & 0o7777)
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
