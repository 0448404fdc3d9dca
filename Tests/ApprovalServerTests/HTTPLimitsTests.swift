import ApprovalClient
import ApprovalModel
import ApprovalServer
import Foundation
import Testing

/// The HTTP listener against clients that do not play fair: slow, huge and smuggled requests.
/// Each of these took the old server down or let it be abused.
@Suite(.timeLimit(.minutes(3)))
struct HTTPLimitsTests {
    @Test func twoHundredSlowConnectionsNeitherDelayANormalRequestNorStayOpen() async throws {
        let server = try await TestServer(limits: HTTPLimits(headTimeout: .seconds(2)))
        var slow: [RawConnection] = []
        for _ in 0..<200 {
            let connection = try RawConnection(port: server.port)
            await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(connection)
        }
        let started = ContinuousClock.now
        let answer = try await server.call("GET", "/api/v1/ping", token: nil)
        #expect(answer.status == 200)
        #expect(ContinuousClock.now - started < .seconds(2))
        // None finished its head within the head timeout, so the server hung up on every one.
        for connection in slow {
            await connection.send("a")
            #expect(await connection.readUntilClosed(timeout: .seconds(20)).closed)
        }
        await server.finish()
    }

    @Test func aOneMebibyteHeaderLineIsRefusedAtOnce() async throws {
        let server = try await TestServer()
        let connection = try RawConnection(port: server.port)
        let started = ContinuousClock.now
        await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        await connection.send(String(repeating: "a", count: 1 << 20) + "\r\n\r\n")
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        let elapsed = ContinuousClock.now - started
        #expect(closed)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        #expect(elapsed < .seconds(2), "took \(elapsed)")
        // And the server is still there for everyone else.
        #expect(try await server.call("GET", "/api/v1/ping", token: nil).status == 200)
        await server.finish()
    }

    @Test func aHeadPastTheHeaderLimitIsRefusedWithBadRequest() async throws {
        let server = try await TestServer()
        let connection = try RawConnection(port: server.port)
        var head = "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for index in 0..<40 { head += "X-Pad-\(index): \(String(repeating: "b", count: 1000))\r\n" }
        await connection.send(head + "\r\n")
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        #expect(closed)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        await server.finish()
    }

    /// A header value with a control character (an escape sequence in `X-Approval-Source`, a BEL)
    /// is refused by the parser: the client gets a 400 and a closed connection, not silence until
    /// the idle timeout; a request line that is not HTTP the same.
    @Test(arguments: [
        "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Approval-Source: console\u{1B}]52;c;eA==\u{07}\r\n\r\n",
        "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Note: a\u{00}b\r\n\r\n",
        "\u{1B}[2J NOT HTTP\r\n\r\n",
    ])
    func aMalformedHeadGetsABadRequestAndAClosedConnection(_ head: String) async throws {
        let server = try await TestServer()
        let connection = try RawConnection(port: server.port)
        await connection.send(head)
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(5))
        #expect(closed)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        await server.finish()
    }

    /// The same on a keep-alive connection's second request, which the first-head guard no longer sees.
    @Test func aMalformedSecondRequestGetsABadRequestToo() async throws {
        let server = try await TestServer()
        let connection = try RawConnection(port: server.port)
        await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let (first, _) = await connection.read(until: { String(decoding: $0, as: UTF8.self).contains("pong") }, timeout: .seconds(5))
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Note: a\u{1B}[2Jb\r\n\r\n")
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(5))
        let text = String(decoding: data, as: UTF8.self)
        #expect(closed)
        #expect(text.hasPrefix("HTTP/1.1 400"), "\(text)")
        await server.finish()
    }

    /// A POST with a bad token whose body is itself a request: the old server answered 401 and then
    /// parsed the body as a second request (`200 pong`).
    @Test func aRefusedOversizedBodyIsNeverParsedAsTheNextRequest() async throws {
        let server = try await TestServer()
        let smuggled = String(repeating: "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 60_000)
        let body = Data(smuggled.utf8)
        #expect(body.count > 2 << 20)
        let connection = try RawConnection(port: server.port)
        await connection.send(
            "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
        await connection.send(body)
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        #expect(closed)
        #expect(data.occurrences(of: "HTTP/1.1 ") == 1)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 413"))
        #expect(data.occurrences(of: "pong") == 0)
        await server.finish()
    }

    @Test func aRefusedSmallBodyIsDrainedNotParsed() async throws {
        let server = try await TestServer()
        let body = Data(String(repeating: "GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 100).utf8)
        let connection = try RawConnection(port: server.port)
        await connection.send(
            "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
                + "Content-Length: \(body.count)\r\n\r\n")
        await connection.send(body)
        // Then one real request on the same connection: exactly two answers, 401 and its pong.
        await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let (data, _) = await connection.read(until: { $0.occurrences(of: "pong") >= 1 }, timeout: .seconds(10))
        _ = await connection.read(until: { _ in false }, timeout: .milliseconds(300))
        #expect(data.occurrences(of: "HTTP/1.1 ") == 2)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 401"))
        await server.finish()
    }

    /// Attack: unauthenticated clients announce a body, then send it a byte at a time. Each was
    /// answered 401 at once but kept its connection while the body trickled in, so a few hundred
    /// of them held every connection slot. Now the connection closes once the unread rest is late.
    @Test func aBodyTrickledAfterARefusalClosesTheConnection() async throws {
        let server = try await TestServer(limits: HTTPLimits(unreadBodyDrain: .milliseconds(300)))
        let connection = try RawConnection(port: server.port)
        await connection.send(
            "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        let trickle = Task {
            for _ in 0..<60 {
                try await Task.sleep(for: .milliseconds(250))
                guard await connection.send(" ") else { return }
            }
        }
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        trickle.cancel()
        #expect(closed, "the connection stayed open while the body trickled in")
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 401"))
        #expect(String(decoding: data, as: UTF8.self).lowercased().contains("connection: close"))
        await server.finish()
    }

    @Test func aChunkedBodyPastTheLimitIsRefusedBeforeItIsAllRead() async throws {
        let server = try await TestServer()
        let connection = try RawConnection(port: server.port)
        await connection.send(
            "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.agentToken)\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "x", count: 64 * 1024)
        for _ in 0..<20 { await connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(10))
        #expect(closed)
        #expect(data.occurrences(of: "HTTP/1.1 ") == 1)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("HTTP/1.1 413"))
        await server.finish()
    }

    @Test func anIdleKeepAliveConnectionIsClosed() async throws {
        let server = try await TestServer(limits: HTTPLimits(idleTimeout: .seconds(1)))
        let connection = try RawConnection(port: server.port)
        await connection.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let (data, closed) = await connection.readUntilClosed(timeout: .seconds(15))
        #expect(data.occurrences(of: "pong") == 1)
        #expect(closed)
        await server.finish()
    }

    @Test func connectionsPastTheCapWaitUntilOneCloses() async throws {
        let server = try await TestServer(limits: HTTPLimits(maxConnections: 2))
        let first = try RawConnection(port: server.port)
        let second = try RawConnection(port: server.port)
        await first.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        await second.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await first.read(until: { $0.occurrences(of: "pong") == 1 }, timeout: .seconds(10)).data.occurrences(of: "pong") == 1)
        #expect(await second.read(until: { $0.occurrences(of: "pong") == 1 }, timeout: .seconds(10)).data.occurrences(of: "pong") == 1)
        let third = try RawConnection(port: server.port)  // queued in the backlog
        await third.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await third.read(until: { $0.occurrences(of: "pong") == 1 }, timeout: .milliseconds(500)).data.isEmpty)
        await first.send("GET /api/v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        _ = await first.readUntilClosed(timeout: .seconds(10))
        first.close()
        #expect(await third.read(until: { $0.occurrences(of: "pong") == 1 }, timeout: .seconds(10)).data.occurrences(of: "pong") == 1)
        await server.finish()
    }

    /// Two unauthenticated POSTs that never finish their bodies hung the old server, which then
    /// ignored SIGTERM (`serve` stops through `stop()`).
    @Test func stopAlwaysReturnsWhateverClientsAreDoing() async throws {
        let server = try await TestServer()
        var stuck: [RawConnection] = []
        for _ in 0..<2 {
            let connection = try RawConnection(port: server.port)
            await connection.send(
                "POST /api/v1/agent/tool-calls HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 900000\r\n\r\n"
                    + String(repeating: "x", count: 1000))
            stuck.append(connection)
        }
        let slow = try RawConnection(port: server.port)
        await slow.send("GET /api/v1/ping HTTP/1.1\r\n")
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        await server.server.stop()
        #expect(ContinuousClock.now - started < .seconds(5))
        for connection in stuck + [slow] {
            #expect(await connection.readUntilClosed(timeout: .seconds(5)).closed)
        }
        await server.finish()
    }
}
