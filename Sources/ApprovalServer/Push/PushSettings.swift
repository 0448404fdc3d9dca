/// Limits of the unified websocket (`/api/v1/ws/unified`): the keepalive, the per-connection queue
/// and how often a connection's token is checked again.
///
/// Preloop's heartbeat: after `idleBeforePing` without a frame from the client the server sends
/// `{"type":"ping"}`, and the next client frame must be `{"type":"pong"}` and arrive within
/// `pongTimeout`, or the connection is closed. A connection whose queue of unsent frames reaches
/// `queueCapacity` is dropped, so a client that stops reading never slows anyone else down.
public struct PushSettings: Sendable, Equatable {
    /// Client silence after which the server pings (Preloop: 60 s).
    public var idleBeforePing: Duration
    /// How long the server waits for the pong (Preloop: 10 s).
    public var pongTimeout: Duration
    /// Frames waiting to be written to one connection before it is dropped.
    public var queueCapacity: Int
    /// How often an authenticated connection's token is looked up again, so a token revoked by
    /// `approval-tui token revoke` (possibly another process) stops its events within this time.
    public var credentialRecheck: Duration

    public init(
        idleBeforePing: Duration = .seconds(60), pongTimeout: Duration = .seconds(10), queueCapacity: Int = 256,
        credentialRecheck: Duration = .seconds(5)
    ) {
        self.idleBeforePing = idleBeforePing
        self.pongTimeout = pongTimeout
        self.queueCapacity = max(1, queueCapacity)
        self.credentialRecheck = max(.milliseconds(10), credentialRecheck)
    }
}
