/// Why the server refused the connection in-band.
enum PushError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `auth_error` with the server's message.
    case refused(String)

    var description: String {
        switch self {
        case .refused(let message): "authentication refused: \(message)"
        }
    }
}
