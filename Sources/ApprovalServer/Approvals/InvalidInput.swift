import ApprovalModel
import Foundation

/// FastAPI-style validation problems, carried as an `Error` so they fit in a `Result`; they
/// become a 422 `{"detail": [issues]}` body.
struct InvalidInput: Error, Equatable, Sendable, CustomStringConvertible {
    var issues: [ValidationIssue]

    init(_ issues: [ValidationIssue]) { self.issues = issues }
    init(_ issue: ValidationIssue) { self.issues = [issue] }

    /// `body.approved: Field required; query.limit: …`.
    var description: String { issues.map(\.summary).joined(separator: "; ") }
}
