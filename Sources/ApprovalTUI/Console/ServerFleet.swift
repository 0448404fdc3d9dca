import ApprovalClient
import ApprovalModel
import ApprovalPush
import Foundation

/// One server of the console: its client, poller and push, and the ``ServerScope`` that
/// qualifies its ids when the console has several servers.
struct FleetMember: Sendable {
    let scope: ServerScope
    let client: PreloopClient
    let poller: Poller
    /// The unified websocket, when there is a token to authenticate it; nil polls only.
    var push: PushListener? = nil
    /// The configured poll interval, used whenever push is not live.
    var pollInterval: Duration = .seconds(2)

    var name: String { scope.name }
}

/// The servers one console runs on, in the order the profiles were given. With one member ids
/// are not qualified and the console behaves as a console on one server; with several, every
/// id on screen carries its server's name (``ServerScope``) and every effect goes to the
/// member that prefix names, with the member's own id.
struct ServerFleet: Sendable {
    let members: [FleetMember]

    init(members: [FleetMember]) {
        precondition(!members.isEmpty, "a console has at least one server")
        self.members = members
    }

    /// One server, its ids as sent.
    init(client: PreloopClient, poller: Poller) {
        self.init(members: [FleetMember(scope: ServerScope(name: client.serverName, qualifies: false), client: client, poller: poller)])
    }

    var isMerged: Bool { members.count > 1 }

    /// The first server: its user name is the one shown, its name the console's.
    var primary: FleetMember { members[0] }

    /// The names the console state knows the servers by (none on one server).
    var stateNames: [String] { isMerged ? members.map(\.name) : [] }

    /// The member an id on screen belongs to, and that member's own id for it; nil when no
    /// member has it (a qualified id naming a server this console does not have).
    func route(_ id: String) -> (member: FleetMember, id: String)? {
        for member in members {
            if let raw = member.scope.raw(id) { return (member, raw) }
        }
        return nil
    }

    /// The member that owns `id`, or the `unknownServer` error the effect answers with.
    func routeOrFail(_ id: String) -> Result<(member: FleetMember, id: String), ClientError> {
        guard let routed = route(id) else {
            return .failure(.rejected(detail: "no server in this console owns \(id.prefix(80))"))
        }
        return .success(routed)
    }

    /// Runs `work` on every member at once and joins what they answer, in member order. A
    /// member that fails leaves its part out and is named in ``FleetAnswer/failures``.
    func gather<Item: Sendable>(
        _ work: @escaping @Sendable (FleetMember) async throws(ClientError) -> [Item]
    ) async -> FleetAnswer<Item> {
        await withTaskGroup(of: (Int, Result<[Item], ClientError>).self) { group in
            for (index, member) in members.enumerated() {
                group.addTask {
                    do throws(ClientError) {
                        return (index, .success(try await work(member)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<[Item], ClientError>?](repeating: nil, count: members.count)
            for await (index, result) in group { results[index] = result }
            var answer = FleetAnswer<Item>()
            for (member, result) in zip(members, results) {
                switch result {
                case .success(let items)?:
                    answer.items += items
                    answer.answeredAny = true
                case .failure(let error)?: answer.failures.append((member.name, error))
                case nil: break
                }
            }
            return answer
        }
    }
}

/// What the servers of a fleet answered to one question.
struct FleetAnswer<Item: Sendable>: Sendable {
    var items: [Item] = []
    /// The servers that did not answer, and why.
    var failures: [(server: String, error: ClientError)] = []

    /// The joined items; the first failure when no server answered.
    var result: Result<[Item], ClientError> {
        if let first = failures.first, !answeredAny { return .failure(first.error) }
        return .success(items)
    }

    /// Whether any server answered (with items or with none).
    var answeredAny = false

    /// A line naming the servers that did not answer while others did; nil otherwise.
    func partialNotice(_ what: String) -> String? {
        guard answeredAny, !failures.isEmpty else { return nil }
        let names = failures.map { "\($0.server) (\($0.error.shortCause))" }.joined(separator: ", ")
        return "\(what) shown without \(names)"
    }
}
