import Crypto
import LikvardIO

/// The extract stage of one file: its SHA-256 and size (its identity in the warehouse),
/// and for a CSV export whether its gzip stream is whole and which encoding it is in.
///
/// One streaming pass: the raw bytes feed the hash and, through the gzip stream, the
/// UTF-8 check. Nothing is held but fixed buffers.
public struct FileFingerprint: Sendable {
    public let sha256: String
    public let bytes: Int
    public let encoding: TextEncoding
    /// Set when the content cannot be read as the contract asks.
    public let problem: FileQuarantine?
    public let decodedBytes: Int

    public static func take(path: String, gzip: Bool, decode: Bool) throws -> FileFingerprint {
        let file = try FileByteSource(path: path)
        let hashing = HashingByteSource(input: file)
        var validator = UTF8Validator()
        var problem: FileQuarantine?
        var decoded = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { buffer.deallocate() }
        if decode {
            do {
                let text: ByteSource = gzip ? try GzipByteSource(input: hashing) : hashing
                while true {
                    let n = try text.read(into: buffer)
                    if n == 0 { break }
                    decoded += n
                    if !validator.sawInvalidByte { validator.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
                }
            } catch let error as GzipError {
                problem = FileQuarantine(.corruptGzip, error.description)
            }
        }
        // Hash whatever the decoder did not consume (all of it when not decoding).
        while try hashing.read(into: buffer) > 0 {}
        return FileFingerprint(
            sha256: hashing.hexDigest, bytes: hashing.count,
            encoding: validator.isValidSoFarAndComplete ? .utf8 : .windows1252,
            problem: problem, decodedBytes: decoded)
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

    var hexDigest: String { Hex.encode(Array(hasher.finalize())) }
}
