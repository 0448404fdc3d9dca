import ApprovalModel
@testable import ApprovalServer
import Foundation
import Testing

/// Which store a shared storage test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL where it is installed, and always in CI.
    static var available: [StoreKind] { PostgresCluster.isAvailable ? allCases : [.sqlite] }
}

/// An open store of one kind on fresh, empty storage, and how to put it away.
struct StoreUnderTest: Sendable {
    let store: any DecisionStore
    let close: @Sendable () async -> Void

    static func open(_ kind: StoreKind) async throws -> StoreUnderTest {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let database = try ServerDatabase(file: folder.appendingPathComponent("server.sqlite"))
            return StoreUnderTest(store: database) { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            let store = try await PostgresStore.open(try await PostgresCluster.shared.freshDatabase())
            return StoreUnderTest(store: store) { await store.close() }
        }
    }

    /// A new pending request for `tool` guarded by a policy needing `quorum` people.
    static func newRequest(
        _ tool: String = "send_payment", quorum: Int = 1, timeout: Int = 300, justification: String? = nil,
        args: String = #"{"amount": 10}"#
    ) -> NewRequest {
        NewRequest(
            call: ToolCallBody(
                toolName: tool, toolArgs: [:], justification: justification, agentName: "agent-1", executionID: nil,
                rawArgs: args),
            storedJustification: justification,
            policy: ServerPolicy(name: "payments", tools: [tool], timeoutSeconds: timeout, approvalsRequired: quorum),
            policyID: "policy-1", createdBy: "agent-principal")
    }

    /// An approver: the person `principal`, with one of its credentials.
    static func approver(_ principal: String, credential: String? = nil) -> Caller {
        Caller(id: principal, role: .approver, name: principal, credentialID: credential ?? "\(principal)-token")
    }
}

extension VoteOutcome {
    /// The request's status after a recorded vote (nil for a refused one).
    var recordedStatus: ApprovalStatus? {
        if case .recorded(let request) = self { return request.status }
        return nil
    }
}
