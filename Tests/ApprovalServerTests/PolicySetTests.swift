@testable import ApprovalServer
import Testing

@Suite struct PolicySetTests {
    @Test func globsMatchWholeNamesWithStarAndQuestionMark() {
        #expect(GlobPattern.matches("deploy*", "deploy"))
        #expect(GlobPattern.matches("deploy*", "deploy_service"))
        #expect(!GlobPattern.matches("deploy*", "redeploy"))
        #expect(GlobPattern.matches("delete_*", "delete_records"))
        #expect(!GlobPattern.matches("delete_*", "delete"))
        #expect(GlobPattern.matches("read_?", "read_x"))
        #expect(!GlobPattern.matches("read_?", "read_xy"))
        #expect(GlobPattern.matches("*_prod_*", "db_prod_wipe"))
        #expect(GlobPattern.matches("exact", "exact") && !GlobPattern.matches("exact", "exactly"))
    }

    @Test func starterRequiresAReasonForDeploysAndDeletesAndGuardsEverythingElse() {
        let starter = PolicySet.starter
        #expect(starter.policy(for: "deploy_web")?.justification == .required)
        #expect(starter.policy(for: "delete_user")?.justification == .required)
        #expect(starter.policy(for: "brand_new_tool")?.justification == .optional)
    }

    @Test func firstMatchingPolicyWinsAndUnmatchedToolsAreUnguarded() {
        let set = PolicySet(policies: [
            ServerPolicy(name: "a", tools: ["send_*"], approvalsRequired: 2),
            ServerPolicy(name: "b", tools: ["send_mail"]),
        ])
        #expect(set.policy(for: "send_mail")?.name == "a")
        #expect(set.policy(for: "read_mail") == nil)
    }

    @Test func pollIntervalIsATwentiethOfTheTimeoutBetweenOneAndFifteen() {
        #expect(AgentCalls.pollInterval(timeoutSeconds: 300) == 15)
        #expect(AgentCalls.pollInterval(timeoutSeconds: 3600) == 15)
        #expect(AgentCalls.pollInterval(timeoutSeconds: 100) == 5)
        #expect(AgentCalls.pollInterval(timeoutSeconds: 10) == 1)
    }
}
