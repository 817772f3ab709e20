import CProcess
import Foundation

/// The process holds the pupil key and, while it loads, clear-text identifiers: a core
/// dump would put both in a file anyone with access to the dump folder reads. Off at start.
public enum ProcessHardening {
    public static func noCoreDumps() {
        // https://man7.org/linux/man-pages/man2/prctl.2.html, PR_SET_DUMPABLE: "0 ... the
        // process is not dumpable" (no core file, and no ptrace by other users).
        _ = cprocess_set_not_dumpable()
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
    }
}
