import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import MCP

/// The streamable-HTTP answer to a `tools/call` that waits for a person (a blocking policy):
/// `text/event-stream`, so the agent hears at once which approval request it is waiting on and
/// its connection stays alive until the decision, then gets the call's result as the last event.
///
/// Events, in order:
/// 1. At once: the request id. With the client's `progressToken` a `notifications/progress`
///    (progress 0) whose message names it; without one a `notifications/message` (level `info`)
///    whose data holds `request_id`.
/// 2. Every ``keepAliveInterval``: `notifications/progress` again (with a token), else an SSE
///    comment line, which keeps proxies and read timeouts from closing the connection.
/// 3. The JSON-RPC response, and the stream ends.
///
/// A client that goes away ends the stream; the call is then cancelled (the request shows
/// `cancelled`, can never be approved, and the tool never runs), as over plain JSON.
enum WaitingAnswer {
    static let keepAliveInterval = Duration.seconds(10)

    /// Whether the client reads an event stream: it must list `text/event-stream` in `Accept`, and
    /// not be Foundation's URLSession on Linux (its User-Agent ends in `(unknown version) curl/…`),
    /// whose data tasks hand over a stream only at its end, so the Swift MCP SDK there cannot read it.
    static func isAccepted(by headers: [String: String]) -> Bool {
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        guard let accept = header("Accept")?.lowercased(), accept.contains("text/event-stream") else { return false }
        return !(header("User-Agent") ?? "").contains("(unknown version) curl/")
    }

    /// The stream: `first` at once, keep-alives while `exchange` runs, then its answer. Ending the
    /// stream early (the client went away) cancels `exchange`; `finished` runs once it is over.
    static func stream(
        requestID: String, progressToken: ProgressToken?, exchange: Task<MCP.HTTPResponse, Never>,
        finished: @escaping @Sendable () async -> Void
    ) -> AsyncStream<Data> {
        let (chunks, out) = AsyncStream<Data>.makeStream()
        out.yield(event(first(requestID: requestID, progressToken: progressToken)))
        let ticker = Task {
            var step = 1.0
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAliveInterval)
                if Task.isCancelled { break }
                if let progressToken {
                    out.yield(event(progress(progressToken, step, "Still waiting for a person to decide approval request \(requestID)")))
                } else {
                    out.yield(Data(": waiting for approval request \(requestID)\n\n".utf8))
                }
                step += 1
            }
        }
        let closer = Task {
            let answer = await exchange.value
            ticker.cancel()
            out.yield(event(InvisibleScalars.terminalSafeJSON(answer.bodyData ?? Data())))
            out.finish()
            await finished()
        }
        out.onTermination = { reason in
            ticker.cancel()
            if case .cancelled = reason { exchange.cancel() }
            _ = closer
        }
        return chunks
    }

    /// One SSE event carrying one JSON-RPC message (compact JSON: never a line break inside).
    static func event(_ json: Data) -> Data {
        Data("event: message\ndata: ".utf8) + json + Data("\n\n".utf8)
    }

    static func first(requestID: String, progressToken: ProgressToken?) -> Data {
        let message =
            "Waiting for a person to approve this call: approval request \(requestID). If this call is cut off, "
            + "the request is cancelled and the tool does not run; get_approval_status(request_id: \"\(requestID)\") "
            + "then says 'cancelled'."
        if let progressToken { return progress(progressToken, 0, message) }
        let notification = LogMessageNotification.message(.init(
            level: .info, logger: MCPGateway.serverName,
            data: ["request_id": .string(requestID), "status": "pending_approval", "message": .string(message)]))
        return encoded(notification)
    }

    static func progress(_ token: ProgressToken, _ step: Double, _ message: String) -> Data {
        encoded(ProgressNotification.message(.init(progressToken: token, progress: step, message: message)))
    }

    private static func encoded(_ message: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return InvisibleScalars.terminalSafeJSON((try? encoder.encode(message)) ?? Data("{}".utf8))
    }
}
