import ApprovalModel
import Foundation

/// Token resolution: literal tokens and token files, in precedence order.
extension Configuration {
    private enum TokenSetting {
        case literal(String, ConfigurationSource)
        /// A path as written, and the directory relative paths are resolved against (if any).
        case file(String, ConfigurationSource, relativeTo: String?)
    }

    static func resolveToken(
        into result: inout ResolvedConfiguration, inputs: inout ConfigurationInputs<some FileReading>,
        profile: ConsoleConfigFile.Profile?
    ) throws(ConfigurationError) {
        guard let setting = try tokenSetting(inputs: &inputs, profile: profile) else { return }
        switch setting {
        case let .literal(token, source):
            let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return }
            try checkPrintable(trimmed, source: source)
            result.token = trimmed
            result.tokenSource = source
            if case .preloopConfig(let path, _) = source, let warning = try mismatchWarning(result, inputs: &inputs, path: path) {
                result.warnings.append(warning)
            }
        case let .file(written, source, directory):
            var path = try inputs.expand(written)
            if let directory, !path.hasPrefix("/") { path = directory + "/" + path }
            guard let text = try inputs.read(path) else { throw .tokenFileMissing(path: path, namedBy: source) }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw .tokenFileEmpty(path: path) }
            try checkPrintable(token, source: source)
            result.token = token
            result.tokenSource = source
            result.tokenFile = path
            if let mode = inputs.files.permissions(atPath: path), mode & 0o077 != 0 {
                let octal = String(mode & 0o777, radix: 8)
                result.warnings.append(
                    "token file \(path) can be read by other users (mode \(octal)); run: chmod 600 \(path)")
            }
        }
    }

    /// Refuses a token with anything but printable ASCII (`!`…`~`): a CR or LF in a header
    /// would start another header, and no server issues such a token.
    private static func checkPrintable(_ token: String, source: ConfigurationSource) throws(ConfigurationError) {
        if let index = token.unicodeScalars.firstIndex(where: { !(0x21...0x7E).contains($0.value) }) {
            throw .tokenNotPrintable(source: source, position: token.unicodeScalars.distance(from: token.unicodeScalars.startIndex, to: index) + 1)
        }
    }

    private static func tokenSetting(
        inputs: inout ConfigurationInputs<some FileReading>, profile: ConsoleConfigFile.Profile?
    ) throws(ConfigurationError) -> TokenSetting? {
        if let path = inputs.flags.tokenFile { return .file(path, .flag("--token-file"), relativeTo: nil) }
        if let token = inputs.variable(Variable.token) { return .literal(token, .environment(Variable.token)) }
        if let path = inputs.variable(Variable.tokenFile) {
            return .file(path, .environment(Variable.tokenFile), relativeTo: nil)
        }
        if let token = inputs.variable(Variable.preloopToken) {
            return .literal(token, .environment(Variable.preloopToken))
        }
        if let profile {
            if let token = profile.token { return .literal(token.value, profile.source(line: token.line)) }
            if let file = profile.tokenFile {
                let directory = (profile.path as NSString).deletingLastPathComponent
                return .file(file.value, profile.source(line: file.line), relativeTo: directory.isEmpty ? nil : directory)
            }
        }
        if let (file, path) = try inputs.preloopConfigFile(), let token = file.accessToken {
            return .literal(token.value, .preloopConfig(path: path, line: token.line))
        }
        return nil
    }

    /// A warning when Preloop's token is about to be sent to a server other than Preloop's own.
    private static func mismatchWarning(
        _ result: ResolvedConfiguration, inputs: inout ConfigurationInputs<some FileReading>, path: String
    ) throws(ConfigurationError) -> String? {
        guard let server = result.server, let apiURL = try inputs.preloopConfigFile()?.file.apiURL?.value,
            Self.normalized(apiURL) != Self.normalized(server.absoluteString)
        else { return nil }
        return "using the access token from \(path), which belongs to \(apiURL), for \(server.absoluteString) "
            + "(from \(result.serverSource ?? .builtIn)); set a token for that server to silence this"
    }

    private static func normalized(_ url: String) -> String {
        var text = url.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
