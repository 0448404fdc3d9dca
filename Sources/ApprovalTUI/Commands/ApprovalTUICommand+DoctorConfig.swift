import ApprovalClient
import ApprovalModel
import Foundation

extension ApprovalTUICommand.Doctor {
    /// Prints the configuration line and returns its problems, one line each (none when it resolves cleanly).
    static func configurationProblems(connection: ConnectionOptions, environment: [String: String]) -> [String] {
        do {
            let resolved = try connection.resolve(environment: environment)
            let server = resolved.server.map { "\($0.absoluteString) (from \(resolved.serverSource?.description ?? "?"))" }
                ?? "none configured: the console starts its embedded server"
            print("config     server \(server)")
            if let source = resolved.tokenSource {
                print("token      from \(source)")
            } else if resolved.server != nil {
                print("token      none: requests go out without Authorization")
            }
            for warning in resolved.warnings { print("warning    \(warning)") }
            return []
        } catch {
            return [error.description]
        }
    }
}
