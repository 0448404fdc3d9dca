import Foundation
import GRDB

extension ServerDatabase {
    /// Gives back the claim of an approved request whose tool was never reached (its upstream
    /// MCP server was down), so the next poll sends it once the server is back. True when the
    /// claim was released; false when the row holds anything but the claim marker.
    func releaseClaim(id: String) throws -> Bool {
        try pool.write { db in
            try ApprovalRequestRecord.all().byID(id).claimedApproved()
                .updateAll(db, ApprovalRequestRecord.Columns.toolResult.set(to: nil))
                == 1
        }
    }
}
