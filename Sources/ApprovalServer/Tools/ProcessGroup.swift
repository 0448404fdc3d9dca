import Foundation

/// Signals for commands the server started. Foundation starts each child in its own process
/// group (on Linux), so signalling the group reaches everything a wrapper script spawned.
enum ProcessGroup {
    static func signal(_ process: Process, _ signal: Int32) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }
}
