import ApprovalClient
import Foundation

/// FastAPI-style validation problems, carried as an `Error` so they fit in a `Result`.
struct InvalidInput: Error, Sendable {
    var issues: [ValidationIssue]

    init(_ issues: [ValidationIssue]) { self.issues = issues }
    init(_ issue: ValidationIssue) { self.issues = [issue] }
}
