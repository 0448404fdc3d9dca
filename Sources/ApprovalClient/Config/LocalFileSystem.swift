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

    public init() {}

    public func readText(atPath path: String) -> FileReadResult {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreadable(reason: Self.reason(code))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .unreadable(reason: "it is a directory") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .unreadable(reason: Self.reason(errno)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            // Bounded: a config or token file named by mistake (or malice) as /dev/zero, or a
            // pipe that never ends, is refused rather than read until memory runs out.
            var data = Data()
            while data.count <= Self.limit, let chunk = try handle.read(upToCount: Self.limit + 1 - data.count), !chunk.isEmpty {
                data += chunk
            }
            if data.count > Self.limit { return .unreadable(reason: "it is larger than 1 MiB; a config or token file is far smaller") }
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
