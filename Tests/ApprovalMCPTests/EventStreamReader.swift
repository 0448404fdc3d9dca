import ApprovalClient
import ApprovalModel
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One POST whose answer is read as it arrives (a URLSession data delegate), so a test can see
/// the first events of a `text/event-stream` before the stream ends.
final class EventStreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // Safe: `received` and `done` are only touched under `lock`; the rest is set in `init`.
    private let lock = NSLock()
    private var received = Data()
    private var done = false
    private var session: URLSession?
    private var task: URLSessionDataTask?

    init(_ request: URLRequest) {
        super.init()
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        let task = session.dataTask(with: request)
        self.session = session
        self.task = task
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock { received.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock { done = true }
    }

    var contentType: String? { (task?.response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") }
    var text: String { lock.withLock { String(decoding: received, as: UTF8.self) } }
    var isDone: Bool { lock.withLock { done } }

    /// The JSON of each complete event's `data:` line so far (comment lines are skipped).
    var events: [JSONValue] {
        var blocks = text.components(separatedBy: "\n\n")
        blocks.removeLast()  // not ended by a blank line yet (or empty)
        return blocks.compactMap { block in
            guard let line = block.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { return nil }
            return try? JSONDecoder().decode(JSONValue.self, from: Data(line.dropFirst(6).utf8))
        }
    }

    /// Waits until at least `count` events arrived; throws when the answer ended with fewer.
    func events(atLeast count: Int) async throws -> [JSONValue] {
        while true {
            let finished = isDone
            let now = events
            if now.count >= count { return now }
            if finished { throw StreamEnded(text: text) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the answer to end; its events.
    func finished() async throws -> [JSONValue] {
        while !isDone { try await Task.sleep(for: .milliseconds(10)) }
        return events
    }

    /// Drops the connection, as an agent that gives up does.
    func cancel() {
        task?.cancel()
        session?.invalidateAndCancel()
    }

    struct StreamEnded: Error, CustomStringConvertible {
        var text: String
        var description: String { "the answer ended early: \(text.prefix(500))" }
    }
}
