/// What one client may take from the server. Every limit answers clearly: a head that is too large
/// gets `400` and the connection is closed; a body over ``bodyBytes`` gets `413` before it is read
/// (before authentication too) and the connection is closed, so its bytes are never parsed as a
/// request; a client that sends no complete request head within ``headTimeout`` of connecting, or
/// stays idle between requests longer than ``idleTimeout``, is disconnected; past
/// ``maxConnections`` open connections new ones wait in the listen backlog until one closes; a
/// request answered without its body being read (a 401, say) keeps its connection only when the
/// rest of the body arrives within ``unreadBodyDrain`` — a body trickled after a refusal closes it.
public struct HTTPLimits: Sendable, Equatable {
    /// The largest request head (request line and headers), in bytes.
    public var headBytes: Int
    /// The largest request body, in bytes.
    public var bodyBytes: Int
    /// Time from connecting to the end of the first request head.
    public var headTimeout: Duration
    /// Idle time allowed on a keep-alive connection (also bounds the time to send each later head).
    public var idleTimeout: Duration
    /// Open connections served at once.
    public var maxConnections: Int
    /// How long the rest of an unread body may take to arrive before the connection is closed.
    public var unreadBodyDrain: Duration

    public init(
        headBytes: Int = 32 * 1024, bodyBytes: Int = 1 << 20, headTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60), maxConnections: Int = 512, unreadBodyDrain: Duration = .seconds(2)
    ) {
        self.headBytes = headBytes
        self.bodyBytes = bodyBytes
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
        self.unreadBodyDrain = unreadBodyDrain
    }
}
