import Foundation

/// How to run one server.
public struct ApprovalServerConfiguration: Sendable {
    /// Loopback by default; another host must be asked for explicitly.
    public var host: String
    /// 0 picks a free port; `ApprovalServer.start()` returns the real one.
    public var port: UInt16
    public var dataDirectory: ServerDataDirectory
    /// The time source for expiry and timestamps (tests inject their own).
    public var clock: @Sendable () -> Date
    /// Policies to use instead of `DIR/policies.toml` (tests build them in code).
    public var policies: PolicySet?
    /// How long a stopped flow gets between SIGTERM and SIGKILL.
    public var flowStopGrace: Duration
    /// Called once per answered request with `METHOD /path STATUS` (no query, headers or
    /// bodies, so never a token). Nil logs nothing.
    public var requestLog: (@Sendable (String) -> Void)?
    /// Where the server says what keeps it from working (the database file removed, a disk that
    /// is full), one line each. Standard error unless replaced; nil says nothing.
    public var problemLog: (@Sendable (String) -> Void)? = { line in
        FileHandle.standardError.write(Data("approval server: \(line)\n".utf8))
    }
    /// Extra endpoints from other modules, such as the MCP gateway (`ApprovalMCP.MCPGateway.mount()`).
    public var mounts: [ServerMount]
    /// Tools run outside the server (upstream MCP servers, `ApprovalMCP.UpstreamPool`).
    public var externalTools: (any ExternalTools)?
    /// The unified websocket's heartbeat and queue limits (tests shorten them).
    public var push = PushSettings()
    /// Head and body sizes, timeouts and the connection cap of the HTTP listener.
    public var limits = HTTPLimits()
    /// A team's shared PostgreSQL database instead of the data dir's SQLite file: several
    /// replicas on one database are one server. Nil (the default) keeps state in SQLite.
    public var database: PostgresLocation?
    /// This replica's lasting name on a shared database (what it sweeps up when it starts is only
    /// what it held itself). Nil: the host name and the port.
    public var replica: String?

    public init(
        host: String = "127.0.0.1", port: UInt16 = 8600, dataDirectory: URL,
        clock: @escaping @Sendable () -> Date = { Date() }, policies: PolicySet? = nil,
        flowStopGrace: Duration = .seconds(5), requestLog: (@Sendable (String) -> Void)? = nil,
        mounts: [ServerMount] = [], externalTools: (any ExternalTools)? = nil
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = ServerDataDirectory(root: dataDirectory)
        self.clock = clock
        self.policies = policies
        self.flowStopGrace = flowStopGrace
        self.requestLog = requestLog
        self.mounts = mounts
        self.externalTools = externalTools
    }
}
