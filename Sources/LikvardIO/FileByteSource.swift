#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file read with `read(2)`; closed when released.
public final class FileByteSource: ByteSource {
    public let path: String
    private let fd: Int32

    /// Opens `path` for reading. `O_NOFOLLOW` keeps a symlink swapped in after the inbox
    /// scan from being followed.
    public init(path: String, followSymlinks: Bool = true) throws {
        self.path = path
        var flags = O_RDONLY | O_CLOEXEC
        if !followSymlinks { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        guard fd >= 0 else { throw IOError(path: path, operation: "open", errno: errno) }
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

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(errno)))"
    }
}
