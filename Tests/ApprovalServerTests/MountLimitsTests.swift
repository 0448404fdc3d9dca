import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The body limit on a mounted endpoint (the MCP gateway's `/mcp/v1`): issue 14, finding 3: a
/// 2 MB call got 413 without `Connection: close` and without its body read, and the next request
/// on that keep-alive connection was never answered (the SDK session hung for its 300 s timeout).
@Suite(.timeLimit(.minutes(2)))
struct MountLimitsTests {
    @Test func aTwoMegabyteCallGets413AndAClosedConnectionAndTheNextCallIsAnswered() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mount-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let mount = ServerMount(path: "mcp/v1") { request, _ in
            TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data("{\"seen\":\(request.body.count)}".utf8))
        }
        let server = ApprovalServer(configuration: .init(port: 0, dataDirectory: directory, mounts: [mount]))
        let port = try await server.start()
        let token = try String(contentsOf: server.dataDirectory.agentTokenFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        func head(_ length: Int) -> String {
            "POST /mcp/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(length)\r\n\r\n"
        }
        let big = Data(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"blob\":\""
            + String(repeating: "a", count: 2 << 20) + "\"}}}").utf8)
        let connection = try RawConnection(port: port)
        await connection.send(head(big.count))
        await connection.send(big)
        let small = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"
        await connection.send(head(small.utf8.count) + small)  // the next call, on the same connection
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        let text = String(decoding: data, as: UTF8.self)
        #expect(closed, "the connection must not be left open and silent")
        #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
        #expect(text.lowercased().contains("connection: close"), "\(text)")
        #expect(data.occurrences(of: "HTTP/1.1 ") == 1, "the bytes after a refused body are never read as a request")
        // A client that reconnects, as HTTP clients do after `Connection: close`, is answered at once.
        let next = try RawConnection(port: port)
        await next.send(head(small.utf8.count) + small)
        let (answer, _) = await next.read(until: { $0.occurrences(of: "seen") == 1 }, timeout: .seconds(10))
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }
}
