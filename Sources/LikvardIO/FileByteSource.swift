#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file read with `read(2)`; closed when released.
public final class FileByteSource: ByteSource {
    public let path: String
    private let fd: Int32

    /// The device and inode a file had when the inbox was scanned: what is opened must be
    /// that file, not one swapped in since.
    public struct Identity: Equatable, Sendable {
        public let device: UInt64
        public let inode: UInt64
        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    /// Opens `path` for reading: non-blocking (a FIFO swapped in never blocks the run), not
    /// through a final symlink unless `followSymlinks`, and — checked on the open
    /// descriptor with `fstat` — a regular file, and the one scanned when `expected` says
    /// which.
    public init(path: String, followSymlinks: Bool = true, expected: Identity? = nil) throws {
        self.path = path
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !followSymlinks { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        guard fd >= 0 else { throw IOError(path: path, operation: "open", errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw IOError(path: path, operation: "open", reason: "it is no longer a regular file (replaced since the inbox was scanned)")
        }
        if let expected, expected != Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) {
            close(fd)
            throw IOError(path: path, operation: "open", reason: "it was replaced by another file since the inbox was scanned")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IOError(path: path, operation: "read", errno: errno)
        }
    }
}

/// A failed system call on a file, with the file and the system's reason.
public struct IOError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let operation: String
    public let errno: Int32
    /// A reason of our own, when no system call failed.
    public let reason: String?

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
        reason = nil
    }

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        errno = 0
        self.reason = reason
    }

    public var description: String {
        "cannot \(operation) \(path): \(reason ?? String(cString: strerror(errno)))"
    }
}
