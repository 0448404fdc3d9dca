import Foundation

/// What `approval-tui service install` does, decided before anything is touched: the server as
/// its own system user, a data dir only that user can open, and a systemd unit. Pure: the
/// installer runs the steps, `--dry-run` only prints them.
struct ServicePlan: Equatable, Sendable {
    struct Options: Equatable, Sendable {
        var user = "approval-tui"
        var dataDirectory = "/var/lib/approval-tui"
        var port: UInt16 = 8600
        var unitDirectory = "/etc/systemd/system"
        var executable: String
        var start = true
    }

    enum Step: Equatable, Sendable {
        /// `useradd` a system user with no login shell, its home the data dir (not created by useradd).
        case createUser(String, home: String)
        /// The data dir, created when missing, then owned by the user and mode 0700 either way.
        case prepareDirectory(String, owner: String)
        /// The unit file, mode 0644.
        case writeUnit(path: String, text: String)
        /// A command run as argv (systemctl).
        case run([String])

        var summary: String {
            switch self {
            case .createUser(let name, let home):
                "create system user \(name) (home \(home), no login shell)"
            case .prepareDirectory(let path, let owner):
                "create \(path) if missing; owner \(owner), mode 0700"
            case .writeUnit(let path, _):
                "write \(path) (mode 0644)"
            case .run(let argv):
                "run \(argv.joined(separator: " "))"
            }
        }
    }

    var options: Options
    var steps: [Step]

    static let unitName = "approval-tui.service"

    /// The plan, or why these options cannot make a safe unit.
    ///
    /// - Parameter userExists: whether the user is already there (then it is used, not created).
    static func make(_ options: Options, userExists: Bool) -> Result<ServicePlan, ServicePlanError> {
        guard isUserName(options.user) else { return .failure(.badUser(options.user)) }
        for (label, path) in [("data directory", options.dataDirectory), ("unit directory", options.unitDirectory),
                              ("executable", options.executable)] {
            guard isUnitSafePath(path) else { return .failure(.badPath(label, path)) }
        }
        var steps: [Step] = []
        if !userExists { steps.append(.createUser(options.user, home: options.dataDirectory)) }
        steps.append(.prepareDirectory(options.dataDirectory, owner: options.user))
        let unitPath = (options.unitDirectory as NSString).appendingPathComponent(unitName)
        steps.append(.writeUnit(path: unitPath, text: unitText(options)))
        if options.start {
            steps.append(.run(["systemctl", "daemon-reload"]))
            steps.append(.run(["systemctl", "enable", "--now", unitName]))
        }
        return .success(ServicePlan(options: options, steps: steps))
    }

    /// The systemd unit: the server runs as `user`, can write only its data dir, and keeps
    /// everything it creates private (UMask 0077).
    static func unitText(_ options: Options) -> String {
        """
        # Written by `approval-tui service install`. The approval server runs as its own user, so an
        # agent running as your user cannot read its database or token files.
        [Unit]
        Description=approval-tui approval server (as user \(options.user))
        After=network.target

        [Service]
        Type=simple
        User=\(options.user)
        Group=\(options.user)
        Environment=HOME=\(options.dataDirectory)
        ExecStart=\(options.executable) serve --data-dir \(options.dataDirectory) --port \(options.port)
        UMask=0077
        NoNewPrivileges=yes
        ProtectSystem=strict
        ProtectHome=yes
        PrivateTmp=yes
        ReadWritePaths=\(options.dataDirectory)
        Restart=on-failure

        [Install]
        WantedBy=multi-user.target

        """
    }

    /// What a person does next: give each approver and each agent its own token.
    var nextSteps: [String] {
        let data = options.dataDirectory
        let user = options.user
        let url = "http://127.0.0.1:\(options.port)"
        return [
            "next: give each approver their own token, in a file only they can read, e.g. as alice:",
            "  (umask 077; mkdir -p ~/.config/approval-tui; sudo -u \(user) approval-tui token create --name alice "
                + "--role approver --data-dir \(data) | tail -n 1 > ~/.config/approval-tui/approver.token)",
            "  approval-tui --server \(url) --token-file ~/.config/approval-tui/approver.token",
            "and give each agent only an agent token (the same command with --name ci-bot --role agent),",
            "  approval-tui mcp --url \(url) --token-file ~/agent.token   # or the HTTP gateway \(url)/mcp/v1",
            "agents cannot read \(data) (mode 0700, owner \(user)) nor another user's 0600 token file.",
        ]
    }

    /// A login name useradd accepts everywhere: `[a-z_][a-z0-9_-]{0,31}`.
    static func isUserName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 32, first == UInt8(ascii: "_") || (0x61...0x7A).contains(first)
        else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
    }

    /// An absolute path systemd reads literally: no whitespace, quotes, `%` specifiers,
    /// backslashes or control bytes.
    static func isUnitSafePath(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        return path.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && !"%\"'\\$;".unicodeScalars.contains(scalar)
        }
    }
}

/// Why `service install` refused its options.
enum ServicePlanError: Error, Equatable, CustomStringConvertible {
    case badUser(String)
    case badPath(String, String)

    var description: String {
        switch self {
        case .badUser(let name):
            "\(String(name.prefix(40)).debugDescription) is not a usable user name (lower-case letters, digits, _ and -, "
                + "at most 32, starting with a letter or _)"
        case .badPath(let label, let path):
            "the \(label) \(String(path.prefix(200)).debugDescription) must be an absolute path without spaces, quotes, "
                + "%, $, ; or backslashes (systemd would read them as syntax)"
        }
    }
}
