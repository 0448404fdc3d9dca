import ApprovalModel
import Foundation

/// Fetches the approval queue on a schedule and reports snapshots and connection changes.
///
/// Output is one `AsyncStream` of ``PollerUpdate``, ``updates``, for one consumer (the event
/// loop). It starts with `.state(.connecting)`; after that a `.state` update comes only when the
/// state really changes, and it comes before the snapshot that caused it.
///
/// Rules:
/// - Every fetch gets the next generation number. A result (snapshot or failure) older than the
///   last result already applied is dropped, so a slow fetch that ends after a newer one never
///   replaces the newer snapshot.
/// - While fetches fail, waits follow ``PollSchedule/delay(afterFailures:randomUnit:)``; the first
///   success returns to the normal interval.
/// - ``refreshNow()`` fetches at once: a pending wait is cut short, and if a fetch is in flight a
///   second one starts beside it (at most one such extra fetch at a time).
/// - ``refresh(requestID:)`` fetches one request (push named it) and hands over the last snapshot
///   with that request replaced, added or, when no longer pending, removed: one small GET instead
///   of the whole list. A whole-list answer that started before such a patch is rebased: the
///   patches that came after its start are applied to it again, so neither loses the other.
/// - ``stop()`` cancels every task the poller started, waits for them to end and finishes the
///   stream. A stopped poller cannot be started again.
///
/// ```swift
/// let poller = Poller(clock: ContinuousClock(), now: { Date() }) {
///     try await client.queueSnapshot()
/// }
/// await poller.start()
/// for await update in poller.updates { … }
/// ```
public actor Poller {
    /// Snapshots and state changes, in the order they happened. Finishes after ``stop()``.
    public nonisolated let updates: AsyncStream<PollerUpdate>
    /// The current connection state.
    public private(set) var state: ConnectionState = .connecting

    private let continuation: AsyncStream<PollerUpdate>.Continuation
    private var schedule: PollSchedule
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let randomUnit: @Sendable () -> Double
    private let fetch: QueueFetch
    private let fetchOne: RequestFetch?

    private enum Phase { case idle, fetching, sleeping, stopped }
    private var phase = Phase.idle
    private var loopTask: Task<Void, Never>?
    private var loopID = 0
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var taskSerial = 0
    private var isExtraFetchRunning = false
    private var lastGeneration = 0
    private var lastAppliedGeneration = 0
    /// The generation of the last whole-list answer applied, and what the last snapshot held.
    private var lastListGeneration = 0
    private var lastFailureGeneration = 0
    private var lastResult: QueueFetchResult?
    /// One-request answers applied since that whole-list fetch started.
    private var patches: [(generation: Int, id: String, request: ApprovalRequest?)] = []
    /// Ids being fetched alone, and whether another event named them meanwhile.
    private var oneInFlight: [String: Bool] = [:]
    private var consecutiveFailures = 0
    private var failingSince: Date?

    /// - Parameters:
    ///   - schedule: the interval, backoff and offline rules.
    ///   - clock: what the poller sleeps on (a test clock in tests).
    ///   - now: wall time, for `fetchedAt` and the `since` dates of ``ConnectionState``.
    ///   - randomUnit: numbers in `0..<1` for the backoff jitter.
    ///   - fetch: fetches the queue once.
    ///   - fetchOne: fetches one request by id (nil: it is gone); without it
    ///     ``refresh(requestID:)`` fetches the whole queue.
    public init(
        schedule: PollSchedule = PollSchedule(), clock: any Clock<Duration>, now: @escaping @Sendable () -> Date,
        randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        fetchOne: RequestFetch? = nil,
        fetch: @escaping QueueFetch
    ) {
        self.schedule = schedule
        self.clock = clock
        self.now = now
        self.randomUnit = randomUnit
        self.fetch = fetch
        self.fetchOne = fetchOne
        (updates, continuation) = AsyncStream.makeStream(of: PollerUpdate.self, bufferingPolicy: .unbounded)
    }

    // MARK: - Control

    /// Reports `.connecting` and starts fetching at once. Does nothing when already started or stopped.
    public func start() {
        guard phase == .idle else { return }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.stop() }
        }
        continuation.yield(.state(.connecting))
        startLoop()
    }

    /// Fetches now instead of waiting for the next scheduled fetch. Does nothing before ``start()``.
    public func refreshNow() {
        switch phase {
        case .idle, .stopped:
            return
        case .sleeping:
            loopTask?.cancel()
            startLoop()
        case .fetching:
            guard !isExtraFetchRunning else { return }
            isExtraFetchRunning = true
            spawn { poller in
                await poller.fetchOnce()
                await poller.extraFetchEnded()
            }
        }
    }

    /// Fetches the request `id` alone and hands over the last snapshot with it brought up to date.
    /// Before the first snapshot, without a `fetchOne`, or when that fetch fails or answers with
    /// another id, the whole queue is fetched instead (``refreshNow()``).
    public func refresh(requestID id: String) {
        guard phase != .idle, phase != .stopped else { return }
        guard let fetchOne, lastResult != nil, patches.count < Self.patchLimit else { return refreshNow() }
        // One fetch per id at a time: a second event while it runs asks for one more after it,
        // so answers for one id arrive in order and a flood of events is not a flood of GETs.
        if oneInFlight[id] != nil {
            oneInFlight[id] = true
            return
        }
        oneInFlight[id] = false
        lastGeneration += 1
        let generation = lastGeneration
        spawn { poller in
            let result: Result<ApprovalRequest?, ClientError>
            do throws(ClientError) {
                result = .success(try await fetchOne(id))
            } catch {
                result = .failure(error)
            }
            await poller.applyOne(id, result, generation: generation)
        }
    }

    /// Patches kept while no whole list has come back (lists failing); past it, events walk the list.
    static let patchLimit = 1_000

    /// The wait between successful fetches now in force.
    public var interval: Duration { schedule.interval }

    /// Changes the wait between successful fetches, e.g. to a slow backstop while push is live
    /// and back when it drops. A longer interval applies from the next wait; a shorter one cuts
    /// the current wait short with a fetch at once (push just dropped, so catch up now).
    public func setInterval(_ interval: Duration) {
        let previous = schedule.interval
        schedule.interval = interval
        if interval < previous, phase == .sleeping, consecutiveFailures == 0 { refreshNow() }
    }

    /// Stops polling: cancels the poller's tasks, waits until they have ended and finishes ``updates``.
    public func stop() async {
        guard phase != .stopped else { return }
        phase = .stopped
        let running = Array(tasks.values)
        for task in running { task.cancel() }
        continuation.finish()
        for task in running { await task.value }
    }

    // MARK: - Loop

    private func startLoop() {
        loopID += 1
        let id = loopID
        loopTask = spawn { poller in await poller.runLoop(id) }
    }

    private func runLoop(_ id: Int) async {
        while !Task.isCancelled {
            if id == loopID { phase = .fetching }
            let started = now()
            await fetchOnce()
            guard !Task.isCancelled, phase != .stopped else { return }
            let failures = consecutiveFailures
            var delay = schedule.delay(afterFailures: failures, randomUnit: failures > 0 ? randomUnit() : 0.5)
            if failures == 0 {
                // Healthy polls are spaced from their start, so a new request is seen within one
                // interval however long the fetch took; a slow fetch still leaves a quarter of
                // the interval of quiet.
                let elapsed = now().timeIntervalSince(started)
                if elapsed > 0 { delay = max(delay / 4, delay - .milliseconds(Int(elapsed * 1000))) }
            }
            if id == loopID { phase = .sleeping }
            do {
                try await clock.sleep(for: delay)
            } catch {
                return
            }
        }
    }

    private func fetchOnce() async {
        lastGeneration += 1
        let generation = lastGeneration
        let result: Result<QueueFetchResult, ClientError>
        do throws(ClientError) {
            result = .success(try await fetch())
        } catch {
            result = .failure(error)
        }
        apply(result, generation: generation)
    }

    private func apply(_ result: Result<QueueFetchResult, ClientError>, generation: Int) {
        guard phase != .stopped else { return }
        let at = now()
        switch result {
        case .success(let answer):
            // A list older than one already applied says nothing new; one older only than some
            // patches is still news for every other request, with those patches laid on top.
            guard generation > lastListGeneration, generation > lastFailureGeneration else { return }
            lastListGeneration = generation
            var merged = answer
            for patch in patches.sorted(by: { $0.generation < $1.generation }) where patch.generation > generation {
                merged.bringUpToDate(patch.id, patch.request)
            }
            patches.removeAll { $0.generation <= generation }
            consecutiveFailures = 0
            failingSince = nil
            if !state.isLive { transition(to: .live(since: at)) }
            deliver(merged, generation: generation, at: at)
        case .failure(let error):
            // Against lists only: a patch handed over since says nothing about the list failing.
            guard generation > lastListGeneration, generation > lastFailureGeneration else { return }
            lastAppliedGeneration = max(lastAppliedGeneration, generation)
            lastFailureGeneration = generation
            consecutiveFailures += 1
            let since = failingSince ?? at
            failingSince = since
            if error.refusesThisClient || schedule.isOffline(attempts: consecutiveFailures, elapsed: at.timeIntervalSince(since)) {
                transition(to: .offline(since: since, lastError: error))
            } else {
                transition(to: .failing(since: since, lastError: error, attempts: consecutiveFailures))
            }
        }
    }

    private func applyOne(_ id: String, _ result: Result<ApprovalRequest?, ClientError>, generation: Int) {
        let again = oneInFlight.removeValue(forKey: id) ?? false
        defer { if again { refresh(requestID: id) } }
        // A whole list that started after this fetch already holds what it would bring.
        guard phase != .stopped, generation > lastListGeneration, var merged = lastResult else { return }
        guard case .success(let request) = result, request == nil || request?.id == id else { return refreshNow() }
        patches.append((generation, id, request))
        merged.bringUpToDate(id, request)
        deliver(merged, generation: generation, at: now())
    }

    /// Hands `result` over as the next snapshot; its generation is `generation` unless a later
    /// one was already handed over (a rebased list), then a new one, so generations only grow.
    private func deliver(_ result: QueueFetchResult, generation: Int, at: Date) {
        var number = generation
        if number <= lastAppliedGeneration {
            lastGeneration += 1
            number = lastGeneration
        }
        lastAppliedGeneration = number
        lastResult = result
        continuation.yield(.snapshot(QueueSnapshot(
            requests: result.requests, executions: result.executions, fetchedAt: at, generation: number)))
    }

    private func transition(to next: ConnectionState) {
        guard next != state else { return }
        state = next
        continuation.yield(.state(next))
    }

    // MARK: - Tasks

    @discardableResult
    private func spawn(_ body: @escaping @Sendable (Poller) async -> Void) -> Task<Void, Never> {
        taskSerial += 1
        let serial = taskSerial
        let task = Task { [self] in
            await body(self)
            self.taskEnded(serial)
        }
        tasks[serial] = task
        return task
    }

    private func taskEnded(_ serial: Int) {
        tasks[serial] = nil
    }

    private func extraFetchEnded() {
        isExtraFetchRunning = false
    }
}
