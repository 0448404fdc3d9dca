import Foundation
import Logging
import MCP

/// A transport to an upstream that notes the JSON-RPC error answers to the requests it is told to
/// watch, before the client sees them. The SDK turns such an answer into the same `MCPError` as a
/// lost connection (code -32000 becomes `connectionClosed`, and -32603 drops its message), so only
/// the wire tells "the upstream answered: it failed" from "the link broke mid-call".
actor ErrorAnswerTransport: Transport {
    private let inner: any Transport
    /// The watched request ids, each with the error message once its error answer arrived.
    private var watched: [MCP.ID: String?] = [:]

    init(_ inner: any Transport) { self.inner = inner }

    nonisolated var logger: Logger { Logger(label: "approval-tui.upstream") }

    func connect() async throws { try await inner.connect() }
    func disconnect() async { await inner.disconnect() }
    func send(_ data: Data) async throws { try await inner.send(data) }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let inner = self.inner
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await data in await inner.receive() {
                        self.note(data)  // before the client resumes the call with the error
                        continuation.yield(data)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func watch(_ id: MCP.ID) { watched[id] = .some(nil) }

    /// The upstream's own message when it answered request `id` with a JSON-RPC error (nil when
    /// it did not); `id` is no longer watched.
    func errorAnswer(to id: MCP.ID) -> String? {
        watched.removeValue(forKey: id) ?? nil
    }

    static let messageLimit = 2000

    private struct ErrorAnswer: Decodable {
        struct Body: Decodable {
            var code: Int
            var message: String
        }
        var id: MCP.ID
        var error: Body
    }

    private func note(_ data: Data) {
        guard !watched.isEmpty, let answer = try? JSONDecoder().decode(ErrorAnswer.self, from: data),
            watched.keys.contains(answer.id)
        else { return }
        // An upstream's words, bounded: they are stored with the request and shown to the agent.
        let scalars = answer.error.message.unicodeScalars
        let message = scalars.count > Self.messageLimit
            ? String(String.UnicodeScalarView(scalars.prefix(Self.messageLimit))) + "…" : answer.error.message
        watched[answer.id] = .some("\(message) (JSON-RPC error \(answer.error.code))")
    }
}
