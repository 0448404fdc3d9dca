import Foundation

/// Turns SIGINT, SIGTERM and SIGHUP into a flag the terminal thread checks, and wakes it.
///
/// The handler only stores the signal number and writes one byte to the wake pipe, both
/// async-signal-safe. SIGPIPE is ignored so a closed terminal surfaces as an I/O error instead of
/// killing the process before the terminal is restored.
enum SignalWatcher {
    // Safe: written only by the signal handler (a single word store), read by the terminal thread;
    // the values are plain integers and a stale read only delays the exit by one loop turn.
    nonisolated(unsafe) private static var wakeFD: Int32 = -1
    nonisolated(unsafe) private static var received: Int32 = 0

    /// Installs the handlers; `wakeFD` is written to when a signal arrives.
    static func install(wakeFD fd: Int32) {
        wakeFD = fd
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { number in
                SignalWatcher.received = number
                var byte: UInt8 = 2
                _ = write(SignalWatcher.wakeFD, &byte, 1)
            }
        }
    }

    /// The signal that asked the console to stop, if any.
    static var pendingSignal: Int32? {
        received == 0 ? nil : received
    }

    /// Puts the default handlers back.
    static func uninstall() {
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }
}
