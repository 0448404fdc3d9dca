import ApprovalModel

/// A desktop notification's text, built from what the Notifier found new.
///
/// Title and body come from server data (tool and flow names), so they are reduced to printable
/// single-line text here: no control character, escape, BEL or ST can survive into the escape
/// sequence that carries them, and `;` (OSC 777's separator) is replaced.
public struct DesktopNotification: Equatable, Sendable {
    public var title: String
    public var body: String

    public init(title: String, body: String) {
        self.title = Self.clean(title, limit: 60)
        self.body = Self.clean(body, limit: 160)
    }

    /// The notification for `items`, or nil when there is nothing to say.
    public init?(items: [NotifiedItem], isInitialBacklog: Bool) {
        let requests = items.compactMap { item -> String? in
            if case .request(_, let tool) = item { return tool }
            return nil
        }
        let finished = items.compactMap { item -> (String, ExecutionStatus)? in
            if case .finishedExecution(let id, let flow, let status) = item { return (flow ?? id, status) }
            return nil
        }
        if isInitialBacklog, !requests.isEmpty {
            self.init(title: "Approvals waiting", body: "\(requests.count) request\(requests.count == 1 ? "" : "s") pending")
        } else if requests.count == 1 {
            self.init(title: "Approval required", body: "\(requests[0]) requires your approval")
        } else if requests.count > 1 {
            let names = Array(Set(requests)).sorted().prefix(3).joined(separator: ", ")
            self.init(title: "\(requests.count) approvals required", body: names)
        } else if let (flow, status) = finished.first {
            let outcome = status.isSuccess ? "succeeded" : "finished: \(status.rawValue)"
            let more = finished.count > 1 ? " (+\(finished.count - 1) more)" : ""
            self.init(title: status.isSuccess ? "Flow run succeeded" : "Flow run failed", body: "\(flow) \(outcome)\(more)")
        } else {
            return nil
        }
    }

    /// Printable single-line text of at most `limit` characters.
    static func clean(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for character in PlainText.line(text, limit: limit) {
            guard count < limit else { break }
            out.append(character == ";" ? "," : character)
            count += 1
        }
        return out
    }
}

/// How a desktop notification reaches the desktop from this terminal.
public enum NotificationChannel: Equatable, Sendable {
    /// `ESC ] 777 ; notify ; title ; body BEL` (foot, WezTerm, Ghostty, rxvt, VTE terminals).
    case osc777
    /// `ESC ] 9 ; text BEL` (iTerm2, Windows Terminal, ConEmu, kitty).
    case osc9
    /// The `notify-send` program, given the text as argv words.
    case notifySend(path: String)
    /// Nothing known works here.
    case unavailable

    /// The channel for this environment. Inside tmux or screen escapes do not reach the outer
    /// terminal, so `notify-send` is preferred there; `notifySend` is its path if installed.
    public static func choose(environment: [String: String], notifySend: String?) -> NotificationChannel {
        let inMultiplexer = environment["TMUX"] != nil || (environment["TERM"] ?? "").hasPrefix("screen")
        if !inMultiplexer {
            let program = environment["TERM_PROGRAM"] ?? ""
            if program == "iTerm.app" || environment["WT_SESSION"] != nil || environment["ConEmuPID"] != nil
                || environment["KITTY_WINDOW_ID"] != nil
            {
                return .osc9
            }
            if program == "WezTerm" || program == "ghostty" || environment["VTE_VERSION"] != nil
                || (environment["TERM"] ?? "").hasPrefix("foot") || (environment["TERM"] ?? "").hasPrefix("rxvt")
            {
                return .osc777
            }
        }
        if let notifySend { return .notifySend(path: notifySend) }
        return .unavailable
    }

    /// notify-send's arguments for `notification` (after the program): the options, then `--`,
    /// so a title or body that starts with `-` (a tool named `--icon=…`) is text, never an option.
    public static func notifySendArguments(for notification: DesktopNotification) -> [String] {
        ["--app-name=approval-tui", "--", notification.title, notification.body]
    }

    /// The escape sequence that shows `notification`, for the escape channels.
    public func escapeSequence(for notification: DesktopNotification) -> String? {
        switch self {
        case .osc777: "\u{1B}]777;notify;\(notification.title);\(notification.body)\u{07}"
        case .osc9: "\u{1B}]9;\(notification.title): \(notification.body)\u{07}"
        case .notifySend, .unavailable: nil
        }
    }
}
