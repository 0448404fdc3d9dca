import Foundation

/// Splits a byte stream into lines (LF or CRLF), each capped at 16 KiB.
enum LineSplitter {
    static func forEachLine(of handle: FileHandle, _ body: (String) -> Void) {
        var buffer = Data()
        let cap = 16 * 1024
        func emit(_ bytes: Data) {
            var line = bytes.prefix(cap)
            if line.last == 0x0D { line = line.dropLast() }
            body(String(decoding: line, as: UTF8.self))
        }
        // `availableData` returns as soon as anything arrives (read(upToCount:) waits for the
        // full count), so lines are stored while the process is still running.
        while case let chunk = handle.availableData, !chunk.isEmpty {
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                emit(buffer[buffer.startIndex..<newline])
                buffer = Data(buffer[buffer.index(after: newline)...])
            }
        }
        if !buffer.isEmpty { emit(buffer) }
    }
}
