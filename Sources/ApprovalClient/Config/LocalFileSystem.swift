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
            let data = try handle.readToEnd() ?? Data()
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
