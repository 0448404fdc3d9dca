import ApprovalModel
import ApprovalViewModels
import Testing

@Suite struct DesktopNotificationTests {
    @Test func oneNewRequestNamesItsTool() throws {
        let note = try #require(DesktopNotification(items: [.request(id: "r1", toolName: "deploy_service")],
                                                    isInitialBacklog: false))
        #expect(note.title == "Approval required")
        #expect(note.body == "deploy_service requires your approval")
    }

    @Test func theFirstStartBacklogIsOneSummary() throws {
        let items: [NotifiedItem] = (1...7).map { .request(id: "r\($0)", toolName: "tool\($0)") }
        let note = try #require(DesktopNotification(items: items, isInitialBacklog: true))
        #expect(note.title == "Approvals waiting")
        #expect(note.body == "7 requests pending")
    }

    @Test func aFinishedRunSaysHowItEnded() throws {
        let failed = try #require(DesktopNotification(
            items: [.finishedExecution(id: "e1", flowName: "Nightly upgrade", status: .failed)], isInitialBacklog: false))
        #expect(failed.title == "Flow run failed")
        #expect(failed.body == "Nightly upgrade finished: FAILED")
        let succeeded = try #require(DesktopNotification(
            items: [.finishedExecution(id: "e2", flowName: nil, status: .succeeded)], isInitialBacklog: false))
        #expect(succeeded.body == "e2 succeeded")
    }

    @Test func hostileToolNamesCannotEscapeTheSequence() throws {
        let hostile = "evil\u{1B}]52;c;aGk=\u{07}\u{1B}[2J;x\u{9B}31m\u{202E}"
        let note = try #require(DesktopNotification(items: [.request(id: "r", toolName: hostile)], isInitialBacklog: false))
        let sequence = try #require(NotificationChannel.osc777.escapeSequence(for: note))
        // Only the sequence's own ESC and final BEL remain; the text carries no control and no separator.
        #expect(sequence.unicodeScalars.filter { $0.value == 0x1B }.count == 1)
        #expect(sequence.unicodeScalars.filter { $0.value == 0x07 }.count == 1)
        #expect(!note.body.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!note.body.contains(";"))
        #expect(!note.body.unicodeScalars.contains { $0.value == 0x202E })
    }

    @Test func theChannelFollowsTheTerminal() {
        #expect(NotificationChannel.choose(environment: ["TERM_PROGRAM": "iTerm.app"], notifySend: nil) == .osc9)
        #expect(NotificationChannel.choose(environment: ["TERM_PROGRAM": "WezTerm"], notifySend: nil) == .osc777)
        #expect(NotificationChannel.choose(environment: ["VTE_VERSION": "7200"], notifySend: nil) == .osc777)
        // Inside tmux the escape would not reach the desktop: notify-send when present, else nothing.
        #expect(NotificationChannel.choose(
            environment: ["TMUX": "/tmp/tmux", "TERM_PROGRAM": "WezTerm"], notifySend: "/usr/bin/notify-send")
            == .notifySend(path: "/usr/bin/notify-send"))
        #expect(NotificationChannel.choose(environment: ["TMUX": "/tmp/tmux"], notifySend: nil) == .unavailable)
    }
}

/// Issue 12, finding 3: notify-send reads its text after `--`, so a tool named like an option
/// (`--icon=…`, `--app-name=…`) is shown as text and cannot change or suppress the alert.
@Suite struct NotifySendArgumentsTests {
    @Test func textFromTheServerComesAfterTheEndOfOptions() {
        let notification = DesktopNotification(title: "--app-name=evil", body: "--icon=/tmp/x requires your approval")
        let arguments = NotificationChannel.notifySendArguments(for: notification)
        let end = try! #require(arguments.firstIndex(of: "--"))
        #expect(arguments[..<end].allSatisfy { $0.hasPrefix("--app-name=approval-tui") || $0.hasPrefix("-") })
        #expect(Array(arguments[(end + 1)...]) == [notification.title, notification.body])
        #expect(!arguments[..<end].contains(notification.title) && !arguments[..<end].contains(notification.body))
    }
}
