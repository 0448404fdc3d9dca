import Foundation
import GRDB

/// Free text stored as a blob: GRDB binds a Swift `String` as a C string, so U+0000 would cut
/// it. Reads blobs and, for rows written before text was stored this way, text. Used by the local
/// server's storage and by the console's decision journal.
public struct LosslessString: Codable, Hashable, Sendable, DatabaseValueConvertible {
    public var text: String

    public init(_ text: String) { self.text = text }

    /// nil for nil, so optional columns read `LosslessString(comment)`.
    public init?(_ text: String?) {
        guard let text else { return nil }
        self.text = text
    }

    public var databaseValue: DatabaseValue { Data(text.utf8).databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> LosslessString? {
        switch dbValue.storage {
        case .blob(let data): LosslessString(String(decoding: data, as: UTF8.self))
        case .string(let text): LosslessString(text)
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
