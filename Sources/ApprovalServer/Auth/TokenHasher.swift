import Crypto
import Foundation

/// How token secrets are kept: only their SHA-256 digest is stored, and digests are compared in
/// constant time.
///
/// A token is 40 random characters (about 238 bits), so a fast hash is enough: there is nothing to
/// guess by brute force, and the digest alone cannot be turned back into a working bearer token.
/// The database finds a credential by its digest through an index; the digest's bytes are not
/// something a caller can steer, so that lookup leaks nothing about a secret's prefix, and the
/// final equality check is constant time as well.
enum TokenHasher {
    /// The SHA-256 digest of the token's UTF-8 bytes (NUL and every other byte included).
    static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// True when `a` and `b` are equal, in time that depends only on their lengths.
    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
