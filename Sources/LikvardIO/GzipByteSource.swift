import CZlib

/// Inflates a gzip stream (RFC 1952) from another `ByteSource`, member after member.
///
/// Multi-member files (`cat a.gz b.gz`) are one stream: after a member ends, the next one
/// starts if input remains. Input that ends inside a member is `GzipError.truncated`;
/// anything zlib rejects is `GzipError.corrupt`. Memory is two fixed buffers.
public final class GzipByteSource: ByteSource {
    private let input: ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var sawAnyInput = false

    public init(input: ByteSource, bufferSize: Int = 256 * 1024) throws {
        self.input = input
        // zlib keeps a pointer back to its z_stream and checks it on every call
        // (inflateStateCheck), so the struct must not move: allocate it.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inputBuffer = .allocate(byteCount: bufferSize, alignment: 16)
        // 15 + 32: maximum window, automatic gzip/zlib header detection.
        // https://www.zlib.net/manual.html#Advanced
        let rc = czlib_inflateInit2(stream, 15 + 32)
        guard rc == Z_OK else {
            inputBuffer.deallocate()
            stream.deallocate()
            throw GzipError.corrupt("inflateInit2 failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let n = try input.read(into: inputBuffer)
                if n == 0 {
                    inputEnded = true
                } else {
                    sawAnyInput = true
                    stream.pointee.next_in = inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(n)
                }
            }
            if memberEnded {
                if stream.pointee.avail_in == 0 {
                    if inputEnded { return 0 }
                    continue
                }
                // Another member follows: https://www.rfc-editor.org/rfc/rfc1952#section-2.2
                // "A gzip file consists of a series of members".
                inflateReset(stream)
                memberEnded = false
            }
            if stream.pointee.avail_in == 0 && inputEnded {
                throw sawAnyInput
                    ? GzipError.truncated : GzipError.corrupt("empty file, no gzip header")
            }
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch rc {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                // Z_BUF_ERROR: no progress possible with this input; more is read above.
                break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw GzipError.corrupt(message)
            }
            if produced > 0 { return produced }
        }
    }
}

/// Why a gzip stream could not be read to its end.
public enum GzipError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The input ended inside a member: a copy cut short.
    case truncated
    /// zlib rejected the data (bad header, bad checksum, invalid deflate data).
    case corrupt(String)

    public var description: String {
        switch self {
        case .truncated: return "gzip stream is truncated (input ends inside a member)"
        case .corrupt(let message): return "gzip stream is corrupt: \(message)"
        }
    }
}
