import Foundation

/// Fixed ids for the one local account, so REST objects carry the same fields Preloop sends.
enum ServerIdentity {
    static let accountID = "00000000-0000-4000-8000-000000000001"

    /// A stable UUID-shaped id per tool name (no table needed): derived from the name's bytes.
    static func toolConfigurationID(_ toolName: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in toolName.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        let hex = String(format: "%016llx%016llx", hash, hash2)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-8\(part(17..<20))-\(part(20..<32))"
    }
}
