import ApprovalClient
import ApprovalViewModels
import Foundation

/// Runs the console's effects that need the network or the disk, off the terminal thread, and
/// posts their results back to the loop as events. Holds no curses state.
final class EffectRunner: @unchecked Sendable {
    // Safe: `logTasks` is only touched while holding `lock`; everything else is immutable and Sendable.
    let client: PreloopClient
    let poller: Poller
    let store: LocalStore?
    /// Why `store` is nil, when it is: the journal screen explains it.
    let storeError: StoreError?
    let mailbox: Mailbox<LoopMessage>
    let now: @Sendable () -> Date
    private let lock = NSLock()
    private var logTasks: [String: Task<Void, Never>] = [:]

    init(client: PreloopClient, poller: Poller, store: LocalStore?, storeError: StoreError? = nil,
         mailbox: Mailbox<LoopMessage>, now: @escaping @Sendable () -> Date) {
        self.client = client
        self.poller = poller
        self.store = store
        self.storeError = storeError
        self.mailbox = mailbox
        self.now = now
    }

    /// Starts the work an effect asks for; results arrive later through the mailbox.
    func run(_ effect: Effect, toolNames: [String: String]) {
        switch effect {
        case .fetchQueue:
            Task { await poller.refreshNow() }
        case .decide(let ids, let verdict, let comment):
            for id in ids { decide(id: id, toolName: toolNames[id] ?? "", verdict: verdict, comment: comment) }
        case .fetchPolicies:
            Task { [client, mailbox] in
                do throws(ClientError) {
                    mailbox.post(.event(.policiesLoaded(.success(try await client.policies()))))
                } catch {
                    mailbox.post(.event(.policiesLoaded(.failure(error))))
                }
            }
        case .followLogs(let executionID):
            follow(executionID)
        case .unfollowLogs(let executionID):
            lock.lock()
            logTasks.removeValue(forKey: executionID)?.cancel()
            lock.unlock()
        case .stopExecution(let executionID):
            Task { [client, mailbox] in
                do throws(ClientError) {
                    _ = try await client.stopExecution(id: executionID)
                    mailbox.post(.event(.stopFinished(executionID: executionID, error: nil)))
                } catch {
                    mailbox.post(.event(.stopFinished(executionID: executionID, error: error)))
                }
            }
        case .loadJournal:
            Task { [store, storeError, mailbox] in
                let result: Result<[JournalEntry], StoreError>
                if let store {
                    do throws(StoreError) { result = .success(try store.journal(limit: 500)) } catch { result = .failure(error) }
                } else {
                    result = .failure(storeError ?? .noStateDirectory)
                }
                mailbox.post(.event(.journalLoaded(result)))
            }
        case .loadTheme, .switchServer, .ringBell, .quit:
            break  // handled on the terminal thread by the loop
        }
    }

    /// Records the decision in the journal before sending it, sends it, and completes the entry.
    private func decide(id: String, toolName: String, verdict: Verdict, comment: String?) {
        Task { [client, store, mailbox, now] in
            let journalID = try? store?.beginDecision(
                requestID: id, toolName: toolName, verdict: verdict, comment: comment, server: client.serverName,
                at: now())
            do throws(ClientError) {
                let updated = try await client.decide(id: id, verdict: verdict, comment: comment)
                if let journalID {
                    let outcome: JournalOutcome = switch updated.status {
                    case .approved: .approved
                    case .declined: .declined
                    default: .voteRecorded
                    }
                    try? store?.completeDecision(journalID, outcome: outcome, at: now())
                }
                mailbox.post(.event(.decisionFinished(requestID: id, .success(updated))))
            } catch {
                if let journalID {
                    let outcome: JournalOutcome = switch error {
                    case .alreadyDecided: .alreadyDecided
                    case .unreachable, .timedOut: .unknown
                    default: .failed
                    }
                    try? store?.completeDecision(journalID, outcome: outcome, errorText: error.description, at: now())
                }
                mailbox.post(.event(.decisionFinished(requestID: id, .failure(error))))
            }
        }
    }

    /// Polls the execution's log, sending only lines not sent before. A server that honours
    /// `skip` (it answers with `has_more`) is read in chunks; one that ignores it (Preloop's seed)
    /// sends everything each time and the new tail is sliced off.
    private func follow(_ executionID: String) {
        let task = Task { [client, mailbox] in
            var delivered = 0
            while !Task.isCancelled {
                var more = false
                if let page = try? await client.executionLogs(
                    id: executionID, skip: delivered > 0 ? delivered : nil, limit: 5000)
                {
                    if let hasMore = page.hasMore {
                        if !page.logs.isEmpty {
                            mailbox.post(.event(.logLines(executionID: executionID, page.logs)))
                            delivered += page.logs.count
                        }
                        more = hasMore
                    } else if page.logs.count > delivered {
                        mailbox.post(.event(.logLines(executionID: executionID, Array(page.logs[delivered...]))))
                        delivered = page.logs.count
                    }
                }
                if !more { try? await Task.sleep(for: .seconds(1)) }
            }
        }
        lock.lock()
        logTasks.updateValue(task, forKey: executionID)?.cancel()
        lock.unlock()
    }

    /// Cancels every log follower.
    func cancelAll() {
        lock.lock()
        for task in logTasks.values { task.cancel() }
        logTasks.removeAll()
        lock.unlock()
    }
}
