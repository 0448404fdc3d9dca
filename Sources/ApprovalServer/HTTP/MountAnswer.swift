import ApprovalModel
import Foundation

/// What a ``ServerMount`` answers: a whole response, or one written as it is produced (such as
/// a `text/event-stream` that keeps a waiting client informed). A streamed answer's producer is
/// told the client went away by the stream's termination (`onTermination`): it must stop then.
public enum MountAnswer: Sendable {
    case whole(TransportResponse)
    case streamed(status: Int, headers: [String: String], chunks: AsyncStream<Data>)
}
