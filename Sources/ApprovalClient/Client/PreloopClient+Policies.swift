import ApprovalModel
import Foundation

extension PreloopClient {
    // MARK: - Policies

    /// Every approval policy (workflow) of the account.
    ///
    /// Tries `GET /approval-workflows` (later Preloop) first and falls back to
    /// `GET /approval-policies` (Preloop's seed, our server) on a 404; the route that answered is
    /// remembered for the life of this client (and its copies), so the probe happens once.
    public func policies() async throws(ClientError) -> [ApprovalPolicy] {
        if let route = await policyRouteMemo.route {
            return try await get([ApprovalPolicy].self, route.rawValue)
        }
        let (probe, path) = try await send(.get, PolicyRoute.workflows.rawValue)
        if probe.status != 404 {
            let response = try checked((probe, path))
            let policies = try decode([ApprovalPolicy].self, from: response, path: PolicyRoute.workflows.rawValue)
            await policyRouteMemo.remember(.workflows)
            return policies
        }
        let policies = try await get([ApprovalPolicy].self, PolicyRoute.policies.rawValue)
        await policyRouteMemo.remember(.policies)
        return policies
    }

    /// The policy route this client has found on the server, or nil before `policies()` succeeded.
    public func knownPolicyRoute() async -> PolicyRoute? {
        await policyRouteMemo.route
    }
}
