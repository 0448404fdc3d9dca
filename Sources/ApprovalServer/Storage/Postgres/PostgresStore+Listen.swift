import Foundation
import PostgresNIO

extension PostgresStore {
    /// What one replica tells the others when it commits a change to a request (`NOTIFY` carries
    /// at most 8000 bytes, so the request itself is read again by whoever hears it).
    struct ChangeNotice: Codable, Sendable {
        enum Kind: String, Codable, Sendable {
            case approval, flow
        }

        var origin: String
        /// The request's id, or the flow execution's.
        var id: String
        /// The push event's type: `approval_created`, `approval_approved`, `agent_log_line`, …
        var type: String
        var approvals: Int?
        var at: Double
        var kind: Kind?
        /// The log row of an `agent_log_line`.
        var logSeq: Int64?

        init(
            origin: String, id: String, type: String, approvals: Int? = nil, at: Double, kind: Kind = .approval,
            logSeq: Int64? = nil
        ) {
            self.origin = origin
            self.id = id
            self.type = type
            self.approvals = approvals
            self.at = at
            self.kind = kind
            self.logSeq = logSeq
        }

        var text: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    }

    /// Sends `notice` to every replica when the current transaction commits (PostgreSQL delivers
    /// notifications only on commit, in commit order).
    static func notify(_ connection: PostgresConnection, _ notice: ChangeNotice) async throws {
        try await connection.query("SELECT pg_notify(\(channel), \(notice.text))", logger: logger)
    }

    /// Listens until cancelled, reconnecting after a lost connection; each notice from another
    /// replica is read back and published here, in the order the changes committed.
    static func listen(client: PostgresClient, origin: String, push: PushBroadcaster) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        for try await notification in notifications {
                            guard let notice = try? JSONDecoder().decode(
                                ChangeNotice.self, from: Data(notification.payload.utf8)),
                                notice.origin != origin
                            else { continue }
                            let at = Date(timeIntervalSince1970: notice.at)
                            if notice.kind == .flow {
                                if let event = try await flowEvent(
                                    notice.type, connection, notice.id, at: at, logSeq: notice.logSeq) {
                                    push.publish(event)
                                }
                            } else if let request = try await fetchRequest(connection, notice.id) {
                                push.publish(.approval(notice.type, request, at: at, approvals: notice.approvals))
                            }
                        }
                    }
                }
            } catch {
                // The connection was lost (or the database restarted): listen again shortly.
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
