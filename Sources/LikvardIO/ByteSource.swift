/// A stream of bytes read in chunks: a plain file, a gzip stream over a file, or memory.
///
/// Every reader in Likvard pulls from a `ByteSource` into a buffer it owns, so memory
/// stays bounded by the buffer, never by the size of the input.
public protocol ByteSource: AnyObject {
    /// Reads at most `buffer.count` bytes into `buffer`; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes held in memory: for tests and for small embedded files.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            buffer.baseAddress!.copyMemory(from: all.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
