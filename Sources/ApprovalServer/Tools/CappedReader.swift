import Foundation

/// Reads a pipe to its end, keeping the first `cap` bytes.
final class CappedReader: @unchecked Sendable {
    // Safe: `data`/`truncated` are written only by `readToEnd` on one thread, and read only
    // after the DispatchGroup that ran it has been waited on.
    private let handle: FileHandle
    private let cap: Int
    private var data = Data()
    private(set) var truncated = false

    init(handle: FileHandle, cap: Int) {
        self.handle = handle
        self.cap = cap
    }

    func readToEnd() {
        while let chunk = try? handle.read(upToCount: 16 * 1024), !chunk.isEmpty {
            let room = cap - data.count
            if room >= chunk.count {
                data.append(chunk)
            } else {
                if room > 0 { data.append(chunk.prefix(room)) }
                truncated = true
            }
        }
    }

    var text: String { String(decoding: data, as: UTF8.self) }
}
