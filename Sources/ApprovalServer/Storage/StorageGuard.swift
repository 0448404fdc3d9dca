import Foundation
import GRDB

/// Makes sure the server never acknowledges a change it has not stored.
///
/// SQLite keeps writing into a database file that was deleted (or whose folder was) while it is
/// open, and every such write "succeeds" — until the restart, when it is gone. So before and after
/// each request that may write, the file is checked to still be the one that was opened (same
/// device and inode) in a folder that still exists and is writable; when it is not, the answer is
/// 503 with the reason, and the request log says it too.
struct StorageGuard: Sendable {
    let file: URL
    private let device: UInt64
    private let inode: UInt64

    init(file: URL) {
        self.file = file
        var info = stat()
        if stat(file.path, &info) == 0 {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        } else {
            device = 0
            inode = 0
        }
    }

    /// Why writes cannot be trusted right now, or nil when storage is fine.
    func problem() -> String? {
        let folder = file.deletingLastPathComponent().path
        var info = stat()
        guard stat(folder, &info) == 0 else {
            return "the data folder \(folder) was removed while the server ran; restart the server"
        }
        guard stat(file.path, &info) == 0 else {
            return "the database file \(file.path) was removed while the server ran; restart the server"
        }
        guard UInt64(info.st_dev) == device, UInt64(info.st_ino) == inode else {
            return "the database file \(file.path) was replaced while the server ran; restart the server"
        }
        guard access(folder, W_OK) == 0, access(file.path, W_OK) == 0 else {
            return "the database file \(file.path) or its folder is not writable"
        }
        return nil
    }

    /// The storage problem SQLite itself reported, if `error` is one (disk full, read-only, I/O),
    /// or that the shared database is unavailable.
    static func problem(in error: any Error) -> String? {
        if case ServerError.databaseUnavailable(let reason) = error { return reason }
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the database cannot be written: \(error.message ?? error.description)"
        default:
            return nil
        }
    }
}
