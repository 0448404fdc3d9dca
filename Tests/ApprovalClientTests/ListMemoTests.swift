import Foundation
import Testing

@testable import ApprovalClient
@testable import ApprovalModel

/// The page size a server offers (`Approval-Page-Limit`) is a header from across the trust line:
/// only a plain positive number is taken, and never outside 100…1,000.
@Suite struct ListMemoTests {
    @Test(arguments: [
        ("1000", 1_000), (" 500 ", 500), ("99999999999999999999999", 100), ("18446744073709551617", 100),
        ("9223372036854775807", 1_000), ("50", 100), ("0", 100), ("-5", 100), ("abc", 100), ("", 100),
        ("1000\u{0}", 100), ("1e3", 100),
    ])
    func aPageSizeOfferIsClampedOrIgnored(header: String, expected: Int) async {
        let memo = ListMemo<ApprovalRequest>()
        await memo.offer(pageLimit: header)
        #expect(await memo.pageLimit == expected)
    }

    @Test func noOfferKeepsPreloopsPageSize() async {
        let memo = ListMemo<ApprovalRequest>()
        await memo.offer(pageLimit: nil)
        #expect(await memo.pageLimit == PreloopClient.pageSize)
    }
}

/// A server that offers 1,000 a page but serves at most 500 (or changes its mind and refuses
/// large pages) loses no request.
@Suite struct LargePageWalkTests {
    /// Serves `count` pending requests, `cap` a page whatever is asked, offering 1,000 a page;
    /// with `refusesLarge` it answers 422 above 100 from the second walk on.
    final class CappedServer: ApprovalTransport, @unchecked Sendable {
        // Safe: `walks` and `asked` are only touched under `lock`.
        let count: Int, cap: Int
        var refusesLarge = false
        private let lock = NSLock()
        private var asked: [Int] = []

        init(count: Int, cap: Int) {
            self.count = count
            self.cap = cap
        }

        var limits: [Int] { lock.withLock { asked } }

        func send(_ request: TransportRequest) async throws(ClientError) -> TransportResponse {
            let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            let skip = Int(items.first { $0.name == "skip" }?.value ?? "0") ?? 0
            let limit = Int(items.first { $0.name == "limit" }?.value ?? "100") ?? 100
            let refuses = lock.withLock {
                asked.append(limit)
                return refusesLarge && limit > 100
            }
            if refuses {
                return TransportResponse(status: 422, body: Data(#"{"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"1000"}]}"#.utf8))
            }
            let ids = (skip..<min(count, skip + min(limit, cap)))
            let body = "[" + ids.map { #"{"id":"r\#($0)","tool_name":"t","tool_args":{},"status":"pending","requested_at":"2026-12-02T10:00:00Z"}"# }
                .joined(separator: ",") + "]"
            return TransportResponse(status: 200, headers: ["approval-page-limit": "1000"], body: Data(body.utf8))
        }
    }

    @Test func aServerServingFewerThanItOffersLosesNothing() async throws {
        let server = CappedServer(count: 1_234, cap: 500)
        let client = try PreloopClient(serverURL: URL(string: "http://127.0.0.1:1")!, token: "t", transport: server)
        let walked = try await client.listApprovalRequests(status: .pending)
        #expect(walked.count == 1_234)
        #expect(Set(walked.map(\.id)).count == 1_234)
        #expect(server.limits == [100, 1000, 1000, 1000, 1000])  // 100, then 500 + 500 + 134, then none
    }

    @Test func aServerThatStopsTakingLargePagesIsWalkedAtPreloopsSize() async throws {
        let server = CappedServer(count: 250, cap: 1000)
        let client = try PreloopClient(serverURL: URL(string: "http://127.0.0.1:1")!, token: "t", transport: server)
        #expect(try await client.listApprovalRequests(status: .pending).count == 250)
        server.refusesLarge = true
        #expect(try await client.listApprovalRequests(status: .pending).count == 250)
    }
}

/// Against a server without list tags (Preloop), a page whose bytes did not change is not decoded
/// again; any change to its bytes is.
@Suite struct UnchangedPageTests {
    /// Serves `count` requests as a page is asked for; a reason (JSON text) can change between walks.
    final class PagedServer: ApprovalTransport, @unchecked Sendable {
        // Safe: `reasons` is only touched under `lock`.
        private let lock = NSLock()
        private var reasons: [String]

        init(count: Int) { reasons = Array(repeating: "r", count: count) }

        func set(_ index: Int, _ reason: String) { lock.withLock { reasons[index] = reason } }

        func send(_ request: TransportRequest) async throws(ClientError) -> TransportResponse {
            let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
            let skip = Int(items.first { $0.name == "skip" }?.value ?? "0") ?? 0
            let limit = Int(items.first { $0.name == "limit" }?.value ?? "100") ?? 100
            let page = lock.withLock { Array(reasons.enumerated()).dropFirst(skip).prefix(limit) }
            let body = "[" + page.map { index, reason in
                #"{"id":"r\#(index)","tool_name":"t","tool_args":{},"agent_reasoning":"\#(reason)","status":"pending","requested_at":"2026-12-02T10:00:00Z"}"#
            }.joined(separator: ",") + "]"
            return TransportResponse(status: 200, body: Data(body.utf8))
        }
    }

    @Test func aChangeOnAnyPageIsSeenAndUnchangedPagesComeBackAsTheyWere() async throws {
        let server = PagedServer(count: 250)
        let client = try PreloopClient(serverURL: URL(string: "http://127.0.0.1:1")!, token: "t", transport: server)
        let first = try await client.listApprovalRequests(status: .pending)
        #expect(first.count == 250)
        let again = try await client.listApprovalRequests(status: .pending)
        #expect(again == first)
        // Nothing was decoded again, so the very same array comes back: comparing it is free.
        #expect(again.withUnsafeBufferPointer { a in first.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } })
        server.set(180, #"changed \u001b[2J"#)  // new bytes on the second page are decoded
        let second = try await client.listApprovalRequests(status: .pending)
        #expect(!second.withUnsafeBufferPointer { a in first.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } })
        #expect(second[180].agentReasoning == "changed \u{1B}[2J")
        #expect(second.filter { $0.agentReasoning != "r" }.map(\.id) == ["r180"])
    }

    @Test func thePageMemoAnswersOnlyForTheSameBytesAtTheSamePlace() async {
        let memo = ListMemo<ApprovalRequest>()
        let items = [ScriptedQueueServer.pendingRequest("a")]
        await memo.rememberPage(items, for: "pending", skip: 100, limit: 100, digest: 42)
        #expect(await memo.page(for: "pending", skip: 100, limit: 100, digest: 42) == items)
        #expect(await memo.page(for: "pending", skip: 100, limit: 100, digest: 43) == nil)
        #expect(await memo.page(for: "pending", skip: 100, limit: 1000, digest: 42) == nil)
        #expect(await memo.page(for: "pending", skip: 0, limit: 100, digest: 42) == nil)
        #expect(await memo.page(for: "*", skip: 100, limit: 100, digest: 42) == nil)
        await memo.forgetPages(for: "pending", from: 100)
        #expect(await memo.page(for: "pending", skip: 100, limit: 100, digest: 42) == nil)
    }
}
