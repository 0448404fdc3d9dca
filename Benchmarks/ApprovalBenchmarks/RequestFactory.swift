import ApprovalClient
import ApprovalModel
import Foundation

/// Makes realistic pending approval requests, the same ones on every run (a fixed-seed generator):
/// tool names as MCP servers expose them, an agent's justification of one or two sentences, and
/// nested arguments.
struct RequestFactory {
    /// When the requests were made; they follow each other a second apart from here.
    var start = Date(timeIntervalSince1970: 1_795_000_000)
    /// Whether requests carry an `expires_at` one hour after they were made (a countdown shows).
    var expires = true

    private static let tools = [
        "github.create_pull_request", "github.merge_pull_request", "shell.exec", "kubernetes.apply",
        "kubernetes.delete_namespace", "aws.s3.delete_object", "aws.iam.attach_role_policy", "postgres.query",
        "slack.post_message", "jira.transition_issue", "terraform.apply", "gcp.compute.stop_instance",
        "stripe.create_refund", "filesystem.write_file", "docker.push_image", "sentry.resolve_issue",
    ]
    private static let reasons = [
        "Customer reported an outage; rolling out the hotfix that passed CI on main.",
        "The nightly job left 312 orphaned objects in the bucket; removing them frees 41 GB.",
        "Rotating the staging credentials as the runbook requires after the contractor offboarding.",
        "Tests are green and two reviewers approved; merging so the release branch can be cut.",
        "Scaling the search indexer down because its error rate doubled since the last deploy.",
        "The migration adds a nullable column only; it is safe to run during business hours.",
        "Posting the incident summary to #ops so the on-call engineer can take over.",
        "Refund requested by the customer within the 30-day window, ticket SUP-4821.",
        "",
    ]
    private static let services = ["search-indexer", "billing-api", "web-frontend", "auth", "ledger", "notifier"]
    private static let environments = ["production", "staging", "dev"]

    /// `count` pending requests, ids `req-00000`…, the first made at `start`.
    func requests(count: Int) -> [ApprovalRequest] {
        var random = SplitMix64(seed: 7)
        return (0..<count).map { index in request(index, random: &random) }
    }

    /// Request number `index` (ids stay unique across calls with different indices).
    func request(_ index: Int, random: inout SplitMix64) -> ApprovalRequest {
        let tool = Self.tools[random.next(below: Self.tools.count)]
        let reason = Self.reasons[random.next(below: Self.reasons.count)]
        let service = Self.services[random.next(below: Self.services.count)]
        let environment = Self.environments[random.next(below: Self.environments.count)]
        let requestedAt = start.addingTimeInterval(TimeInterval(index))
        let args: JSONValue = .object([
            "service": .string(service),
            "environment": .string(environment),
            "replicas": .integer(Int64(1 + random.next(below: 9))),
            "image": .object(["repo": .string("ghcr.io/acme/\(service)"), "tag": .string("v1.\(index % 40).\(index % 7)")]),
            "regions": .array([.string("eu-west-1"), .string("us-east-1")]),
            "dry_run": .bool(random.next(below: 2) == 0),
        ])
        return ApprovalRequest(
            id: String(format: "req-%05d", index),
            accountID: "f7e50cd9-817e-4075-bf0c-1ec0da9c1f24",
            toolConfigurationID: "865341ef-46bf-46c8-95af-2f6072a3a844",
            approvalPolicyID: "35023e2f-e598-464c-95ba-4312f94bb26c",
            executionID: random.next(below: 3) == 0 ? nil : "exec-\(index % 50)",
            toolName: tool, toolArgs: args, agentReasoning: reason.isEmpty ? nil : reason,
            requestedAt: requestedAt, expiresAt: expires ? requestedAt.addingTimeInterval(3600) : nil)
    }
}

/// A small, fast, seeded random generator, so generated data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
