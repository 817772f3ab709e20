import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer per warehouse: an exclusive `flock` on `<warehouse>.lock`. The operating
/// system releases it when the holder dies, so a killed run never blocks the next one.
/// The file names the holder (pid, start time) for the "busy" message.
public final class RunLock {
    private let fd: Int32
    public let path: String

    /// Takes the lock, waiting up to `waitSeconds` for a holder to finish. The lock is
    /// keyed on the warehouse's real path: another spelling of it (`./`, `..`, a link)
    /// takes the same lock.
    public init(warehouse: String, waitSeconds: Double = 0) throws {
        path = RunLock.realPath(warehouse) + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let folder = (warehouse as NSString).deletingLastPathComponent
            if errno == ENOENT, !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                throw ConfigurationError("the warehouse's folder \(folder) does not exist: create it (mkdir -p \(folder)) or name another --warehouse")
            }
            throw ConfigurationError("cannot open lock file \(path): \(String(cString: strerror(errno))); the warehouse and its folder must be writable by the run")
        }
        let deadline = Clock.monotonicSeconds() + waitSeconds
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw ConfigurationError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            if Clock.monotonicSeconds() >= deadline {
                var buffer = [UInt8](repeating: 0, count: 256)
                let n = pread(fd, &buffer, 255, 0)
                close(fd)
                let holder = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "unknown holder"
                throw WarehouseBusyError(holder: holder, lockPath: path)
            }
            usleep(100_000)
        }
        self.fd = fd
        let text = "pid \(getpid()), started \(Clock.timestamp())\n"
        ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// The real path of `path`; of its folder when the file does not exist yet.
    static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        guard let folder = realpath(url.deletingLastPathComponent().path, nil) else { return path }
        defer { free(folder) }
        return String(cString: folder) + "/" + url.lastPathComponent
    }

    deinit {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
