import ApprovalClient
import ApprovalModel
import Foundation

/// Everything effectful the ``EffectInterpreter`` reaches: the terminal surface, the server
/// client and poller, the local store, the mailbox results go back through, and the options
/// (bell, theme loader, profile check, the clock). The console builds it from a real terminal;
/// a test builds it from a recording surface and the local server in process.
struct EffectEnvironment {
    var surface: any TerminalSurface
    /// The servers, each with its client and poller (one, on a console on one server).
    var fleet: ServerFleet
    var store: LocalStore?
    /// Why `store` is nil, when it is: the journal screen explains it.
    var storeError: StoreError?
    var mailbox: Mailbox<LoopMessage>
    /// Bell, desktop channel, colour, theme loader, profile check and the clock (`options.now`).
    var options: ConsoleOptions
    /// Starts a detached helper program (`notify-send`) and does not wait for it.
    var launch: ([String]) -> Void = { _ = DetachedCommand.start($0) }
}

extension EffectEnvironment {
    /// A console on one server.
    init(
        surface: any TerminalSurface, client: PreloopClient, poller: Poller, store: LocalStore?, storeError: StoreError?,
        mailbox: Mailbox<LoopMessage>, options: ConsoleOptions, launch: @escaping ([String]) -> Void = { _ = DetachedCommand.start($0) }
    ) {
        self.init(
            surface: surface, fleet: ServerFleet(client: client, poller: poller), store: store, storeError: storeError,
            mailbox: mailbox, options: options, launch: launch)
    }
}
