import ApprovalModel
import Foundation

/// The servers of a console on several servers (`--profile work --profile local`), each with its
/// connection and the lists it last answered. Empty in a console on one server, which keeps its
/// single connection in ``ConsoleState/connection``.
///
/// Every server's answer replaces only that server's rows: the queue is the union of the members'
/// last lists (ids qualified by ``ServerScope``), so one server failing keeps its last known rows,
/// dimmed, and never blanks or blocks the others.
public struct FleetState: Equatable, Sendable {
    public struct Member: Equatable, Sendable {
        public let name: String
        /// The name the journal records its decisions under (the server's host), when known.
        public let journalName: String?
        public internal(set) var connection: ConnectionState = .connecting
        public internal(set) var isPushLive = false
        /// The last pending requests and executions this server answered (or the saved ones).
        var requests: [ApprovalRequest] = []
        var executions: [FlowExecution] = []
        /// When the saved lists shown were written, until the server answers.
        var cachedSavedAt: Date?

        /// Whether its rows are a live answer.
        public var isLive: Bool { connection.isLive }
    }

    public internal(set) var members: [Member]

    init(names: [String], journalNames: [String] = []) {
        members = names.count > 1
            ? names.enumerated().map { Member(name: $1, journalName: journalNames.indices.contains($0) ? journalNames[$0] : nil) }
            : []
    }

    /// The id on screen of a journal entry's request: qualified by the member whose decisions
    /// the journal records under `server`; the entry's own id on one server.
    func screenID(ofJournaled id: String, server: String) -> String {
        guard isMerged, let member = members.first(where: { $0.journalName == server }) else { return id }
        return ServerScope(name: member.name, qualifies: true).qualify(id)
    }

    /// Whether the console shows several servers (a server column, a status per server).
    public var isMerged: Bool { !members.isEmpty }

    func index(of name: String) -> Int? { members.firstIndex { $0.name == name } }

    /// The member an id belongs to (its ``ServerScope`` prefix).
    public func member(ofID id: String) -> Member? {
        guard isMerged, let (server, _) = ServerScope.split(id) else { return nil }
        return members.first { $0.name == server }
    }

    /// The width of a server column: the longest name (6 to 12) and a space.
    var serverColumnWidth: Int { min(max(members.map(\.name.count).max() ?? 6, 6), 12) + 1 }

    /// The server's own id for an id on screen (what its server and its CLI know it by).
    public static func ownID(_ id: String, isMerged: Bool) -> String {
        isMerged ? ServerScope.split(id)?.id ?? id : id
    }

    /// Every member's requests and executions, in member order.
    var mergedRequests: [ApprovalRequest] { members.flatMap(\.requests) }
    var mergedExecutions: [FlowExecution] { members.flatMap(\.executions) }

    /// The console's connection as a whole: live while any server is; connecting while any is
    /// still connecting; otherwise failing, or offline once every server is, since the first failure.
    var aggregate: ConnectionState {
        if let live = members.compactMap({ member -> Date? in
            if case .live(let since) = member.connection { return since }
            return nil
        }).min() {
            return .live(since: live)
        }
        if members.contains(where: { $0.connection == .connecting }) { return .connecting }
        let failures = members.compactMap { member -> (Date, ClientError, Int?)? in
            switch member.connection {
            case .failing(let since, let error, let attempts): (since, error, attempts)
            case .offline(let since, let error): (since, error, nil)
            case .connecting, .live: nil
            }
        }
        guard let first = failures.min(by: { $0.0 < $1.0 }) else { return .connecting }
        if failures.allSatisfy({ $0.2 == nil }) { return .offline(since: first.0, lastError: first.1) }
        return .failing(since: first.0, lastError: first.1, attempts: failures.compactMap(\.2).max() ?? 1)
    }
}
