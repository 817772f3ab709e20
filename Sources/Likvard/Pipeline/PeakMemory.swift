import Foundation

/// This process's peak resident set size, from `VmHWM` in /proc/self/status: a run's
/// summary reports it, so a steward (and the memory tests) see whether memory stays flat.
///
/// Measured from inside on purpose: a child started with posix_spawn shares its parent's
/// address space until exec (vfork), and Linux carries that high-water mark into the
/// child's `ru_maxrss` — so `wait4` would report the parent's size, not the child's.
public enum PeakMemory {
    public static var kilobytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
        }
        return -1
    }
}
