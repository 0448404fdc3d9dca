/// Which server an id belongs to, in a console on several servers.
///
/// Two servers can hand out the same id (two local servers both start at `r1`), so a console on
/// several servers prefixes each id with its server's name as the server's answers come in
/// (`work:r1`, `local:r1`): the queue, the marks, the journal of held decisions and every effect
/// then tell them apart, and the effect finds its server from the prefix alone. The raw id goes
/// back to its own server. A console on one server does not qualify: ids stay as sent.
///
/// Names are ``isValidName(_:)`` (no `:`), so the first `:` always ends the prefix, whatever a
/// server puts in its own ids (`local` answering `work:r1` becomes `local:work:r1`, routed to
/// `local`).
public struct ServerScope: Hashable, Sendable {
    public static let separator: Character = ":"
    /// The server's name in the console (its profile name).
    public let name: String
    /// Whether ids are prefixed (the console has several servers).
    public let qualifies: Bool

    public init(name: String, qualifies: Bool) {
        self.name = name
        self.qualifies = qualifies
    }

    /// `id` as the console knows it.
    public func qualify(_ id: String) -> String { qualifies ? "\(name)\(Self.separator)\(id)" : id }

    public func qualify(_ id: String?) -> String? { id.map(qualify) }

    /// The server's own id for `id`, when `id` belongs to this server; nil when it is another's.
    public func raw(_ id: String) -> String? {
        guard qualifies else { return id }
        guard let (server, raw) = Self.split(id), server == name else { return nil }
        return raw
    }

    /// The server name and the server's own id of a qualified id; nil without a prefix.
    public static func split(_ id: String) -> (server: String, id: String)? {
        guard let colon = id.firstIndex(of: separator) else { return nil }
        return (String(id[..<colon]), String(id[id.index(after: colon)...]))
    }

    /// Whether the qualified `id` belongs to the server named `server`.
    public static func id(_ id: String, isOn server: String) -> Bool { split(id)?.server == server }

    /// A name a console on several servers accepts: 1 to 32 of `A-Z a-z 0-9 . _ -`. It is a
    /// column on screen and the prefix of every id, so nothing that needs escaping.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            }
    }
}

extension ApprovalRequest {
    /// This request with its ids (its own, its policy's, workflow's, tool configuration's and
    /// execution's) as `scope` qualifies them.
    public func scoped(_ scope: ServerScope) -> ApprovalRequest {
        guard scope.qualifies else { return self }
        var copy = self
        copy.id = scope.qualify(id)
        copy.toolConfigurationID = scope.qualify(toolConfigurationID)
        copy.approvalPolicyID = scope.qualify(approvalPolicyID)
        copy.approvalWorkflowID = scope.qualify(approvalWorkflowID)
        copy.executionID = scope.qualify(executionID)
        return copy
    }
}

extension FlowExecution {
    public func scoped(_ scope: ServerScope) -> FlowExecution {
        guard scope.qualifies else { return self }
        var copy = self
        copy.id = scope.qualify(id)
        copy.flowID = scope.qualify(flowID)
        copy.retryOfExecutionID = scope.qualify(retryOfExecutionID)
        return copy
    }
}

extension Flow {
    public func scoped(_ scope: ServerScope) -> Flow {
        guard scope.qualifies else { return self }
        var copy = self
        copy.id = scope.qualify(id)
        return copy
    }
}

extension ApprovalPolicy {
    public func scoped(_ scope: ServerScope) -> ApprovalPolicy {
        guard scope.qualifies else { return self }
        var copy = self
        copy.id = scope.qualify(id)
        copy.escalationPolicyID = scope.qualify(escalationPolicyID)
        return copy
    }
}

extension AccessRule {
    public func scoped(_ scope: ServerScope) -> AccessRule {
        guard scope.qualifies else { return self }
        var copy = self
        copy.id = scope.qualify(id)
        copy.toolConfigurationID = scope.qualify(toolConfigurationID)
        copy.approvalPolicyID = scope.qualify(approvalPolicyID)
        return copy
    }
}
