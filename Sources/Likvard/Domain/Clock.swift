#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time for audit timestamps, in UTC.
public enum Clock {
    public static func nowSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `2026-11-29T01:02:03Z`.
    public static func timestamp(_ seconds: Double = nowSeconds()) -> String {
        let s = Int(seconds)
        let date = CivilDate(daysSinceEpoch: s / 86_400)
        let rest = s % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
