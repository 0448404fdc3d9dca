import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the kernel says about a process: peak and current memory, CPU time used.
enum ProcessResources {
    /// The peak resident set size (`VmHWM`) of `pid` ("self" for this process), in bytes.
    static func peakResidentBytes(of pid: String = "self") -> Int? {
        statusField("VmHWM", of: pid)
    }

    /// The current resident set size (`VmRSS`) of `pid`, in bytes.
    static func residentBytes(of pid: String = "self") -> Int? {
        statusField("VmRSS", of: pid)
    }

    /// The resident memory of `pid` that is its own (`RssAnon`: heap and stacks, no code or
    /// shared libraries), in bytes.
    static func anonymousResidentBytes(of pid: String = "self") -> Int? {
        statusField("RssAnon", of: pid)
    }

    /// User + system CPU time of `pid` from `/proc/PID/stat`, or nil when it is gone.
    static func cpuTime(of pid: pid_t) -> Duration? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        let ticks = Double(user + system), perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return .milliseconds(ticks / perSecond * 1000)
    }

    /// CPU time of every thread of `pid` with nanosecond resolution (the first field of each
    /// `/proc/PID/task/TID/schedstat`), or nil when it is gone.
    static func threadCPUTime(of pid: pid_t) -> Duration? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        var nanoseconds: Int64 = 0
        for task in tasks {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8),
                let first = text.split(separator: " ").first, let value = Int64(first)
            else { continue }
            nanoseconds += value
        }
        return .nanoseconds(nanoseconds)
    }

    /// CPU time (user + system) of the children this process has waited for.
    static func childrenCPUTime() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    private static func duration(_ value: timeval) -> Duration {
        .seconds(Int64(value.tv_sec)) + .microseconds(Int64(value.tv_usec))
    }

    private static func statusField(_ name: String, of pid: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                .split(separator: " ").first.flatMap { Int($0) }
            return number.map { $0 * 1024 }
        }
        return nil
    }
}
