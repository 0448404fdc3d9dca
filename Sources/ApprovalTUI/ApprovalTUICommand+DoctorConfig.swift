import Foundation

extension ApprovalTUICommand.Doctor {
    /// Problems with the configuration, one line each (none when it resolves cleanly).
    static func configurationProblems(connection: ConnectionOptions, environment: [String: String]) -> [String] {
        print("config     (configuration checks arrive with the configuration module)")
        return []
    }
}
