import ApprovalModel
import Foundation

extension Configuration {
    /// The servers the console opens: one resolved configuration per profile of `profiles`
    /// (`--profile work --profile local`), or per profile of the config file's `servers = [...]`
    /// when no profile is asked for by flag or environment; else the one ``resolve(flags:environment:files:)`` gives.
    ///
    /// Several servers are refused, with the reason, when a flag or variable names one server
    /// or token for all of them (it would override every profile), when a name is not
    /// ``ServerScope/isValidName(_:)`` (it prefixes every id), when a profile is named twice,
    /// and when two profiles reach the same server (each request would show twice). At most one
    /// profile may name no server: that one is the embedded local server.
    public static func resolveServers(
        flags: ConfigurationFlags, profiles: [String], environment: [String: String], files: some FileReading
    ) throws(ConfigurationError) -> [ResolvedConfiguration] {
        var names = profiles
        var origin = "--profile"
        // A server named by flag or variable is one server, as it is without the list.
        let namesOneServer = flags.server != nil
            || [Variable.server, Variable.preloopURL].contains { !(environment[$0] ?? "").isEmpty }
        if names.isEmpty, (environment[Variable.profile] ?? "").isEmpty, !namesOneServer {
            let inputs = ConfigurationInputs(flags: flags, environment: environment, files: files)
            if let file = try inputs.consoleConfigFile(), let servers = file.servers {
                names = servers.value
                origin = "servers = [...] (\(file.path):\(servers.line))"
            }
        }
        guard names.count > 1 else {
            var single = flags
            if let name = names.first { single.profile = name }
            return [try resolve(flags: single, environment: environment, files: files)]
        }
        if flags.server != nil || flags.tokenFile != nil {
            throw .invalidServerList(
                "--server and --token-file name one server, and \(origin) asks for \(names.count); give each profile its server and token instead")
        }
        for variable in [Variable.server, Variable.token, Variable.tokenFile, Variable.preloopURL, Variable.preloopToken]
        where !(environment[variable] ?? "").isEmpty {
            throw .invalidServerList(
                "\(variable) names one server or token for all \(names.count) servers of \(origin); unset it to open several")
        }
        var seen = Set<String>()
        for name in names {
            guard ServerScope.isValidName(name) else {
                throw .invalidServerList(
                    "profile \(name.debugDescription) cannot be one of several servers: its name prefixes every id on screen, so 1 to 32 of A-Z a-z 0-9 . _ - only")
            }
            guard name != "all" else {
                throw .invalidServerList("a profile named all cannot be one of several servers: :server all shows every server")
            }
            guard seen.insert(name).inserted else { throw .invalidServerList("\(origin) names profile \(name) twice") }
        }
        var resolved: [ResolvedConfiguration] = []
        for name in names {
            var one = flags
            one.profile = name
            var configuration = try resolve(flags: one, environment: environment, files: files)
            // Preloop's own file names one server and one token, not every profile's: a profile
            // without a server is the embedded one, and no profile borrows that file's token.
            if case .preloopConfig? = configuration.serverSource {
                configuration.server = nil
                configuration.serverSource = nil
            }
            if case .preloopConfig(let path, _)? = configuration.tokenSource {
                if configuration.server == nil {
                    configuration.token = nil
                    configuration.tokenSource = nil
                } else {
                    throw .invalidServerList(
                        "profile \(name) has no token of its own, and with several servers open \(path)'s access_token is not lent to it; give the profile token or token_file")
                }
            }
            if let earlier = resolved.first(where: { Self.sameServer($0.server, configuration.server) }) {
                let what = configuration.server.map { "the same server (\($0.absoluteString))" } ?? "no server (both would be the embedded one)"
                throw .invalidServerList("profiles \(earlier.profile ?? "?") and \(name) name \(what); each request would show twice")
            }
            resolved.append(configuration)
        }
        return resolved
    }

    /// Whether two server URLs reach the same server: scheme, host and port (a path on the same
    /// host and port is the same server's journal and saved snapshot, so it counts as the same),
    /// with every loopback name (`localhost`, `127.0.0.1`, `::1`) one host.
    static func sameServer(_ a: URL?, _ b: URL?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        func key(_ url: URL) -> String {
            let scheme = url.scheme?.lowercased() ?? ""
            let port = url.port ?? (scheme == "https" ? 443 : 80)
            var host = url.host?.lowercased() ?? ""
            if MCPServerEntry.isLoopback(host) { host = "loopback" }
            return "\(scheme)://\(host):\(port)"
        }
        return key(a) == key(b)
    }
}
