import ApprovalClient
import ApprovalModel
import Foundation
import Logging
import MCP

/// A transport whose incoming messages pass ``StrictRPCBody`` first: a message it refuses is
/// answered here with the spec's JSON-RPC error (parse error with id null, -32600, -32602) and
/// never reaches the SDK, which would answer with a made-up id and -32603. Used by the stdio
/// proxy; the HTTP gateway runs the same check on each body.
actor StrictTransport: Transport {
    private let inner: any Transport
    nonisolated let logger = Logger(label: "approval-tui.mcp.strict", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ inner: any Transport) {
        self.inner = inner
    }

    func connect() async throws { try await inner.connect() }
    func disconnect() async { await inner.disconnect() }
    /// Every line goes out terminal-safe: the SDK re-encodes what the gateway had escaped, so an
    /// upstream's C1 controls and bidi overrides would otherwise reach the agent's stdout raw.
    func send(_ data: Data) async throws { try await inner.send(InvisibleScalars.terminalSafeJSON(data)) }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let incoming = inner
        return AsyncThrowingStream { continuation in
            let pump = Task {
                do {
                    for try await message in await incoming.receive() {
                        if let refusal = StrictRPCBody.refusal(message) {
                            try? await incoming.send(refusal)
                        } else {
                            continuation.yield(message)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in pump.cancel() }
        }
    }
}
