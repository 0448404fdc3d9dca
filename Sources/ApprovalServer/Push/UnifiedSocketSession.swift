import ApprovalModel
import Foundation

/// One connection to `/api/v1/ws/unified`, speaking Preloop's protocol:
///
/// - On connect: `{"type":"handshake","session_id":…,"authenticated":false,"message":…}`.
/// - `{"type":"authenticate","token":…}` with an approver token answers `authenticated` (with the
///   user) and starts the events; any other token, agent tokens included, answers `auth_error`
///   and the socket stays open without events (agents never see other agents' requests).
/// - `{"type":"ping"}` answers `{"type":"pong"}`; `pong`, `subscribe`, `unsubscribe`, unknown
///   types and non-JSON text are ignored.
/// - Heartbeat: after ``PushSettings/idleBeforePing`` of client silence the server sends
///   `{"type":"ping"}`; unless the next client frame is `{"type":"pong"}` and comes within
///   ``PushSettings/pongTimeout``, the connection is closed.
/// - Revocation: every ``PushSettings/credentialRecheck`` the token an authenticated connection
///   used is looked up again; once it no longer names an approver (revoked, or its principal
///   gone) the connection gets `{"type":"auth_error","error":"Token revoked"}` and is closed with
///   1008, so a revoked token never keeps receiving events.
actor UnifiedSocketSession {
    private let outbox: PushOutbox
    private let database: any ServerStore
    private let broadcaster: PushBroadcaster
    private let settings: PushSettings
    private let sessionID = UUID().uuidString.lowercased()
    private var connectionID: Int?
    private var lastHeard = ContinuousClock.now
    private var isAwaitingPong = false
    private var isEnded = false
    private var heartbeat: Task<Void, Never>?
    private var credentialWatch: Task<Void, Never>?

    init(outbox: PushOutbox, database: any ServerStore, broadcaster: PushBroadcaster, settings: PushSettings) {
        self.outbox = outbox
        self.database = database
        self.broadcaster = broadcaster
        self.settings = settings
    }

    /// Registers the connection, queues the handshake and starts the heartbeat.
    func start() {
        connectionID = broadcaster.register(outbox)
        outbox.send(text: Self.json([
            "type": "handshake", "session_id": .string(sessionID), "authenticated": false,
            "message": "Connected to unified WebSocket",
        ]))
        lastHeard = .now
        startHeartbeat()
    }

    /// Unregisters and ends the connection; safe to call more than once.
    func end() {
        guard !isEnded else { return }
        isEnded = true
        if let connectionID { broadcaster.remove(connectionID) }
        outbox.continuation.finish()
        heartbeat?.cancel()
        credentialWatch?.cancel()
    }

    // MARK: - Reading

    /// One whole client message (text or binary).
    func receive(_ payload: Data) async {
        guard !isEnded else { return }
        await message(payload)
    }

    private func message(_ payload: Data) async {
        lastHeard = .now
        let object = try? JSONDecoder().decode(JSONValue.self, from: payload)
        let type = object?["type"]?.stringValue
        if isAwaitingPong {
            // Preloop: the first frame after its ping must be a pong, whatever else it is.
            guard type == "pong" else { return close(.policyViolation) }
            isAwaitingPong = false
            startHeartbeat()  // the next ping is due `idleBeforePing` after this pong
            return
        }
        switch type {
        case "authenticate": await authenticate(object?["token"]?.stringValue)
        case "ping": outbox.send(text: Self.json(["type": "pong"]))
        default: break
        }
    }

    private func authenticate(_ token: String?) async {
        guard let connectionID else { return }
        credentialWatch?.cancel()
        credentialWatch = nil
        guard let token, !token.isEmpty else {
            let reply = Self.json(["type": "auth_error", "error": "Token required for authentication"])
            return broadcaster.setAuthenticated(connectionID, false, reply: reply)
        }
        guard let caller = try? await database.caller(for: token, now: Date()), caller.role == .approver else {
            let reply = Self.json(["type": "auth_error", "error": "Invalid or expired token"])
            return broadcaster.setAuthenticated(connectionID, false, reply: reply)
        }
        let user: JSONValue = [
            "id": .string(caller.id), "username": .string(caller.name), "email": .string("\(caller.name)@localhost"),
        ]
        broadcaster.setAuthenticated(connectionID, true, reply: Self.json(["type": "authenticated", "user": user]))
        credentialWatch = Task { [self] in await watchCredential(token) }
    }

    /// Closes the connection once `token` stops naming an approver. A lookup that fails (the
    /// storage is unavailable) is not a revocation: the next round tries again.
    private func watchCredential(_ token: String) async {
        while !isEnded {
            do { try await Task.sleep(for: settings.credentialRecheck) } catch { return }
            guard !Task.isCancelled, !isEnded else { return }
            let caller: Caller?
            do { caller = try await database.caller(for: token, now: Date()) } catch { continue }
            guard caller?.role != .approver else { continue }
            if let connectionID {
                broadcaster.setAuthenticated(
                    connectionID, false, reply: Self.json(["type": "auth_error", "error": "Token revoked"]))
            }
            return close(.policyViolation)
        }
    }

    // MARK: - Heartbeat

    /// Starts (or restarts, ending the previous wait) the heartbeat watch.
    private func startHeartbeat() {
        heartbeat?.cancel()
        heartbeat = Task { [self] in await watchHeartbeat() }
    }

    private func watchHeartbeat() async {
        let clock = ContinuousClock()
        while !isEnded {
            let due = lastHeard.advanced(by: settings.idleBeforePing)
            if clock.now < due {
                do { try await clock.sleep(until: due) } catch { return }
                continue
            }
            isAwaitingPong = true
            outbox.send(text: Self.json(["type": "ping"]))
            do { try await clock.sleep(for: settings.pongTimeout) } catch { return }
            if isAwaitingPong { return close(.policyViolation) }
        }
    }

    func close(_ code: PushFrame.CloseCode) {
        outbox.close(code)
        end()
    }

    private static func json(_ value: JSONValue) -> String {
        (try? JSONEncoder.preloop().encode(value)).map { String(decoding: Reply.terminalSafe($0), as: UTF8.self) } ?? "{}"
    }
}
