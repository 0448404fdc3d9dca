import MCP

/// The first of two moments of one gateway exchange: its tool call began waiting for a person
/// (with the approval request's id), or the exchange finished without waiting.
final class WaitStart: Sendable {
    enum Moment: Sendable {
        case waiting(requestID: String, progressToken: ProgressToken?)
        case finished
    }

    private let moments: AsyncStream<Moment>
    private let continuation: AsyncStream<Moment>.Continuation

    init() {
        (moments, continuation) = AsyncStream<Moment>.makeStream()
    }

    func began(_ requestID: String, _ progressToken: ProgressToken?) {
        continuation.yield(.waiting(requestID: requestID, progressToken: progressToken))
    }

    func finish() {
        continuation.yield(.finished)
        continuation.finish()
    }

    /// The first moment; nil when the calling task is cancelled first.
    func first() async -> Moment? {
        for await moment in moments { return moment }
        return nil
    }
}
