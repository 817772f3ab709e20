import Crypto
import LikvardIO

/// The extract stage of one file: its SHA-256 and size, its identity in the warehouse.
/// One streaming pass over the raw (possibly compressed) bytes; fixed buffers only.
public struct FileFingerprint: Sendable {
    public let sha256: String
    public let bytes: Int

    public static func take(path: String, expected: FileByteSource.Identity? = nil) throws -> FileFingerprint {
        let hashing = HashingByteSource(input: try FileByteSource(path: path, expected: expected))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { buffer.deallocate() }
        while try hashing.read(into: buffer) > 0 {}
        return FileFingerprint(sha256: hashing.hexDigest, bytes: hashing.count)
    }
}

/// Passes bytes through while hashing them with SHA-256.
final class HashingByteSource: ByteSource {
    private let input: ByteSource
    private var hasher = SHA256()
    private(set) var count = 0

    init(input: ByteSource) { self.input = input }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try input.read(into: buffer)
        if n > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            count += n
        }
        return n
    }

    /// Reads whatever the consumer left, so the digest covers the whole file.
    func drain() throws {
        let rest = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { rest.deallocate() }
        while try read(into: rest) > 0 {}
    }

    var hexDigest: String { Hex.encode(Array(hasher.finalize())) }
}
