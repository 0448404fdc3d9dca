import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Makes sure an ended console process really ends.
///
/// The terminal is already restored when this is armed; what remains is cleanup (stopping the
/// poller, cancelling requests). A request stuck on a server that accepted the connection and
/// never answers must not keep the process alive — a lost terminal never leaves a process
/// spinning — so after a grace period the process exits with the status its ending calls for.
enum ShutdownWatchdog {
    /// Exits the process with `ending`'s status if it is still running `grace` from now; does
    /// nothing for `:server` switches, where the process goes on with a new session.
    static func arm(for ending: ConsoleSession.Ending, grace: TimeInterval = 3) {
        let status: Int32
        switch ending {
        case .switchServer: return
        case .quit: status = 0
        case .signal(let number): status = 128 + number
        case .terminalLost: status = 129
        case .failed: status = 2
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) {
            fflush(nil)
            _exit(status)
        }
    }
}
