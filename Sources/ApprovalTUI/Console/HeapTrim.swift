import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory freed after a large change of the queue back to the system.
///
/// glibc keeps freed heap for reuse: after the first load of 10,000 requests (pages decoded,
/// the snapshot encoded for the local store) the console's resident memory stayed at its peak,
/// twice what it still used. `malloc_trim` returns those free pages. It runs only after a
/// snapshot that changed the queue, at most every 10 s, so an idle console never calls it.
struct HeapTrim {
    static let spacing: TimeInterval = 10
    private var lastTrim: Date?

    /// Trims when `changed` and the last trim is `spacing` old; returns whether it did.
    @discardableResult
    mutating func afterSnapshot(changed: Bool, now: Date) -> Bool {
        guard changed else { return false }
        if let lastTrim, now.timeIntervalSince(lastTrim) < Self.spacing { return false }
        lastTrim = now
        if let trim = Self.mallocTrim { _ = trim(0) }
        return true
    }

    /// glibc's `malloc_trim` (malloc.h is not in Swift's Glibc module), nil on other C libraries.
    private static let mallocTrim: (@convention(c) (UInt) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (UInt) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
