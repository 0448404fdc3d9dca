import Foundation
import GRDB

/// Free text bound to SQLite as data: GRDB binds a Swift `String` as a C string, so U+0000 would
/// cut it. Read back with ``read(_:_:)`` (which also reads rows stored as TEXT before).
enum LosslessText {
    static func bind(_ text: String?) -> Data? { text.map { Data($0.utf8) } }

    static func read(_ row: Row, _ column: String) -> String? {
        (row[column] as Data?).map { String(decoding: $0, as: UTF8.self) }
    }
}
