import ApprovalClient
import ApprovalModel
import Foundation

/// Makes an agent's console output: build and test chatter of varying length, fixed per index.
enum LogLineFactory {
    private static let lines = [
        "Compiling ApprovalClient PreloopClient.swift",
        "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.",
        "PASS src/components/__tests__/QueueTable.test.tsx (4.213 s)",
        "error[E0502]: cannot borrow `state` as mutable because it is also borrowed as immutable",
        "[2026-11-25T14:03:07Z INFO  indexer] flushed 4096 documents to shard 3 in 182 ms",
        "$ kubectl rollout status deployment/search-indexer -n production --timeout=120s",
        "Waiting for deployment \"search-indexer\" rollout to finish: 2 of 5 updated replicas are available...",
        "diff --git a/Sources/App/main.swift b/Sources/App/main.swift",
        "ok",
    ]

    /// Entries `range` of execution `executionID`, one line each, a millisecond apart.
    static func entries(_ range: Range<Int>, executionID: String, start: Date) -> [LogEntry] {
        range.map { index in
            LogEntry.line("\(lines[index % lines.count]) #\(index)", executionID: executionID,
                          at: start.addingTimeInterval(Double(index) / 1000))
        }
    }
}
