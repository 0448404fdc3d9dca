import Crypto
import Foundation

/// Fixed ids for the one local account, so REST objects carry the same fields Preloop sends.
enum ServerIdentity {
    static let accountID = "00000000-0000-4000-8000-000000000001"

    /// A stable UUID-shaped id per tool name (no table needed): the first 128 bits of the
    /// SHA-256 of the name's bytes, so no two tool names share a configuration (a rule made on
    /// one id can only ever apply to one tool).
    static func toolConfigurationID(_ toolName: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(toolName.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4 layout, as Preloop's ids look
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
    }
}
