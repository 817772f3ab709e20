#if canImport(Glibc)
import Glibc
#endif

/// Deterministic kill points for the crash-safety tests: with `LIKVARD_CRASH_AT=NAME` (or
/// `NAME#K`, the K-th time it is reached) the process sends itself SIGKILL there — a real
/// `kill -9` at a known place. The points, in the order a run reaches them: run-started,
/// file-extracted, file-rows (every 1000 rows), file-before-commit, file-committed,
/// refresh-started, refresh-before-commit, refresh-committed, run-finishing; a publish reaches
/// publish-started, publish-before-commit, publish-before-rename, and to PostgreSQL
/// publish-postgres-started, publish-postgres-copy-TABLE (every 500 rows sent),
/// publish-postgres-before-commit. Unset in
/// normal use; reaching a point is then one branch.
enum CrashPoint {
    private static let target: (name: Substring, occurrence: Int)? = {
        guard let raw = getenv("LIKVARD_CRASH_AT").map({ String(cString: $0) }), !raw.isEmpty else { return nil }
        let parts = raw.split(separator: "#")
        return (parts[0], parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    nonisolated(unsafe) private static var seen = 0

    /// Debug (test) builds only: a release binary never kills itself, whatever its
    /// environment says.
    @inline(__always)
    static func reach(_ name: String) {
        #if DEBUG
        guard let target, target.name == name else { return }
        seen += 1
        if seen == target.occurrence { kill(getpid(), SIGKILL) }
        #endif
    }
}
