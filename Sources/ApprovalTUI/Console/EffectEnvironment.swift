import ApprovalClient
import ApprovalModel
import Foundation

/// Everything effectful the ``EffectInterpreter`` reaches: the terminal surface, the server
/// client and poller, the local store, the mailbox results go back through, and the options
/// (bell, theme loader, profile check, the clock). The console builds it from a real terminal;
/// a test builds it from a recording surface and the local server in process.
struct EffectEnvironment {
    var surface: any TerminalSurface
    var client: PreloopClient
    var poller: Poller
    var store: LocalStore?
    /// Why `store` is nil, when it is: the journal screen explains it.
    var storeError: StoreError?
    var mailbox: Mailbox<LoopMessage>
    /// Bell, desktop channel, colour, theme loader, profile check and the clock (`options.now`).
    var options: ConsoleOptions
    /// Starts a detached helper program (`notify-send`) and does not wait for it.
    var launch: ([String]) -> Void = { _ = DetachedCommand.start($0) }
}
