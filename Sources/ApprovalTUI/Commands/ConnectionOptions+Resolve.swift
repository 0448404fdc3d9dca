import ApprovalClient
import ApprovalModel
import ApprovalServer
import ArgumentParser
import Foundation

extension ConnectionOptions {
    /// The configuration these flags select, with the environment and the config files under them.
    /// `pollInterval` is the console's `--poll-interval` (the only command that polls).
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment, pollInterval: Double? = nil)
        throws(ConfigurationError) -> ResolvedConfiguration
    {
        guard profile.count <= 1 else {
            throw .invalidServerList("only the console opens several servers; give this command one --profile")
        }
        return try Configuration.resolve(
            flags: flags(pollInterval: pollInterval), environment: environment, files: LocalFileSystem())
    }

    /// The flags as configuration sees them (the first `--profile`; ``resolveServers`` reads them all).
    private func flags(pollInterval: Double?) -> ConfigurationFlags {
        ConfigurationFlags(server: server, tokenFile: tokenFile, profile: profile.first, configFile: config, pollInterval: pollInterval)
    }

    /// The console's servers: one per `--profile`, or per profile of the config file's
    /// `servers = [...]`, or the one server these flags select; warnings go to stderr.
    ///
    /// - Throws: `ExitCode` 2 with a one-line message when the configuration is unusable.
    func resolveServersReportingWarnings(pollInterval: Double? = nil) throws -> [ResolvedConfiguration] {
        let servers: [ResolvedConfiguration]
        do {
            servers = try Configuration.resolveServers(
                flags: flags(pollInterval: pollInterval), profiles: profile,
                environment: ProcessInfo.processInfo.environment, files: LocalFileSystem())
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        for resolved in servers {
            let prefix = servers.count > 1 ? "\(resolved.profile ?? "?"): " : ""
            for warning in resolved.warnings { printError("warning: \(prefix)\(warning)") }
        }
        return servers
    }

    /// The resolved configuration; warnings (such as a token file others can read) go to stderr.
    ///
    /// - Throws: `ExitCode` 2 with a one-line message when the configuration is unusable.
    func resolveReportingWarnings(pollInterval: Double? = nil) throws -> ResolvedConfiguration {
        let resolved: ResolvedConfiguration
        do {
            resolved = try resolve(pollInterval: pollInterval)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        for warning in resolved.warnings { printError("warning: \(warning)") }
        return resolved
    }

    /// A client for the configured server or, when none is configured, for the local server
    /// another `approval-tui` runs (found through `server.json`, signed in with `approver.token`).
    ///
    /// - Throws: `ExitCode` 2 with a one-line message when the configuration is unusable; 4 when
    ///   no server is configured and no local server runs.
    func makeClient(timeout: TimeInterval = 15) throws -> (PreloopClient, ResolvedConfiguration) {
        let resolved = try resolveReportingWarnings()
        guard let server = resolved.server else {
            do {
                let local = try LocalServer.attach(directory: ServerDataDirectory.defaultRoot())
                let token = try resolved.token ?? local.token(for: .approver)
                return (try Self.client(server: local.url, token: token, timeout: timeout), resolved)
            } catch let error as EmbeddedServerError {
                printError(error.description)
                throw ExitStatus.unreachable
            }
        }
        return (try Self.client(server: server, token: resolved.token, timeout: timeout), resolved)
    }

    /// A client, or `ExitCode` 2 with the reason when the URL is unusable.
    static func client(server: URL, token: String?, timeout: TimeInterval = 15) throws -> PreloopClient {
        do {
            return try PreloopClient(serverURL: server, token: token, transport: URLSessionTransport(timeout: timeout))
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
