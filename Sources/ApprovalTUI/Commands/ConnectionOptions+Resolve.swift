import ApprovalClient
import ArgumentParser
import Foundation

extension ConnectionOptions {
    /// The configuration these flags select, with the environment and the config files under them.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError)
        -> ResolvedConfiguration
    {
        try Configuration.resolve(
            flags: ConfigurationFlags(server: server, tokenFile: tokenFile, profile: profile),
            environment: environment, files: LocalFileSystem())
    }

    /// A client for the configured server; warnings (such as a token file others can read) go to stderr.
    ///
    /// - Throws: `ExitCode` 2 with a one-line message when the configuration is unusable or names no server.
    func makeClient(timeout: TimeInterval = 15) throws -> (PreloopClient, ResolvedConfiguration) {
        let resolved: ResolvedConfiguration
        do {
            resolved = try resolve()
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        for warning in resolved.warnings { printError("warning: \(warning)") }
        guard let server = resolved.server else {
            printError("no server configured: pass --server URL, set PRELOOP_URL, or add a profile to config.toml")
            throw ExitStatus.usage
        }
        do {
            let client = try PreloopClient(
                serverURL: server, token: resolved.token, transport: URLSessionTransport(timeout: timeout))
            return (client, resolved)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
    }
}

/// Prints a client error as one line and turns it into the documented exit code.
func exitStatus(for error: ClientError) -> ExitCode {
    printError(error.description)
    switch error {
    case .unreachable, .timedOut, .unauthorized: return ExitStatus.unreachable
    case .alreadyDecided: return ExitStatus.alreadyDecided
    case .invalidConfiguration: return ExitStatus.usage
    default: return ExitStatus.failure
    }
}
