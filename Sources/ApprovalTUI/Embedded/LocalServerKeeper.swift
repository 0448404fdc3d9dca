import ApprovalServer
import Foundation

/// Keeps the local server of a data directory alive for a console that joined another
/// process's server: when that owner quits (its lock is released), this console takes the lock
/// and starts the server on the same URL, so it never loses its queue.
///
/// ```swift
/// let keeper = LocalServerKeeper(local)
/// let watch = Task { await keeper.watch() }
/// …
/// watch.cancel()
/// await keeper.stop()
/// ```
actor LocalServerKeeper {
    private(set) var local: LocalServer
    private let interval: Duration

    init(_ local: LocalServer, interval: Duration = .seconds(1)) {
        self.local = local
        self.interval = interval
    }

    /// Until cancelled: while another process owns the directory, checks its lock every
    /// `interval` and takes over when it is free.
    func watch() async {
        while !Task.isCancelled, local.owner == nil {
            guard (try? await Task.sleep(for: interval)) != nil else { return }
            await adoptIfOrphaned()
        }
    }

    /// Starts the server on the same host and port when no process owns the directory any more.
    func adoptIfOrphaned() async {
        guard local.owner == nil, let port = local.url.port.flatMap(UInt16.init(exactly:)) else { return }
        let host = local.url.host.map { $0.hasPrefix("[") ? String($0.dropFirst().dropLast()) : $0 } ?? "127.0.0.1"
        guard let started = try? await LocalServer.start(
            directory: local.directory.root, host: host, port: port, fallbackToFreePort: false)
        else { return }
        local = started
    }

    /// Stops the server if this process owns it by now.
    func stop() async {
        await local.stop()
    }
}
