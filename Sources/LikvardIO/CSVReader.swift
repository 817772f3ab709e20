#if canImport(Glibc)
import Glibc
#endif

/// Reads semicolon/comma/TAB separated records from a `ByteSource`, exactly per the
/// "Common rules" of the input contract:
///
/// - an optional first line `sep=X` sets the delimiter; otherwise the most frequent of
///   `;`, TAB and `,` outside quotes in the header line wins (ties in that order);
/// - RFC 4180 quoting (`""` escapes a quote; quoted fields may hold delimiters and line
///   breaks), LF or CRLF, blank lines skipped;
/// - each record knows the 1-based physical line where it starts;
/// - a quoted field still open after `maxQuotedLines` lines, or at end of file, makes the
///   record `malformed`, and reading resumes at the physical line after the record's first.
///
/// The reader works on bytes in one reusable buffer; a field becomes a `String` only when
/// asked for. The current record is valid until the next call to `next()`.
public final class CSVReader {
    public struct Options: Sendable {
        public var maxQuotedLines = 100
        /// A record longer than this is malformed (bounds memory on hostile input).
        public var maxRecordBytes = 8 << 20
        public var chunkSize = 256 << 10
        public init() {}
    }

    /// Why the current record could not be split into fields.
    public enum Malformation: Equatable, Sendable {
        case unclosedQuote
        case textAfterClosingQuote
        case recordTooLong(limit: Int)

        public var message: String {
            switch self {
            case .unclosedQuote: return "quoted field is not closed within 100 lines or before end of file"
            case .textAfterClosingQuote: return "text after a closing quote"
            case .recordTooLong(let limit): return "record longer than \(limit) bytes"
            }
        }
    }

    public let encoding: TextEncoding
    public private(set) var delimiter: UInt8 = UInt8(ascii: ";")
    /// Physical line of the header, 0 before `readHeader()`.
    public private(set) var headerLine = 0

    /// Physical line where the current record starts.
    public private(set) var line = 0
    /// Set when the current record could not be split; its fields are then meaningless.
    public private(set) var malformation: Malformation?

    private let source: ByteSource
    private let options: Options
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var position = 0
    private var atEnd = false
    private var nextLine = 1

    private var fieldData: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var rawStart = 0
    private var rawEnd = 0
    private var malformedRaw: [UInt8] = []
    private var validator = UTF8Validator()

    /// For a reader opened as UTF-8: false once a byte that is not UTF-8 was read. The
    /// contract decides the encoding per file, so a caller that read to the end with this
    /// false reads the file again as Windows-1252.
    public var isValidUTF8SoFar: Bool { !validator.sawInvalidByte }

    public init(source: ByteSource, encoding: TextEncoding, options: Options = Options()) {
        self.source = source
        self.encoding = encoding
        self.options = options
        capacity = options.chunkSize
        buffer = .allocate(capacity: capacity)
        fieldData.reserveCapacity(1024)
        fieldEnds.reserveCapacity(64)
    }

    deinit { buffer.deallocate() }

    // MARK: - Header

    /// Reads the optional `sep=` line and the header. Returns the header's field names
    /// (decoded, not folded), or nil when the file holds no non-blank line at all.
    public func readHeader() throws -> [String]? {
        try skipByteOrderMark()
        guard try nextRecord() else { return nil }
        if let sep = sepLineDelimiter() {
            delimiter = sep
            guard try nextRecord() else { return nil }
        } else {
            let detected = detectDelimiter()
            if detected != delimiter {
                delimiter = detected
                try reparseCurrentRecord()
            }
        }
        headerLine = line
        return (0..<fieldCount).map { value($0) }
    }

    /// Reads a header that follows a preamble (Skolverket's exports): each record before
    /// the first one whose first field satisfies `isHeader` is handed to `preamble` (its
    /// text) and skipped. The delimiter is detected on each line, the header's last.
    /// Returns nil when no line is a header.
    public func readHeader(isHeader: (String) -> Bool, preamble: (String) -> Void) throws -> [String]? {
        try skipByteOrderMark()
        while try nextRecord() {
            let detected = detectDelimiter()
            if detected != delimiter {
                delimiter = detected
                try reparseCurrentRecord()
            }
            if malformation == nil, fieldCount > 0, isHeader(value(0)) {
                headerLine = line
                return (0..<fieldCount).map { value($0) }
            }
            preamble(rawText)
        }
        return nil
    }

    private func skipByteOrderMark() throws {
        while count - position < 3 && !atEnd { try refill() }
        guard encoding == .utf8, count - position >= 3 else { return }
        if buffer[position] == 0xEF && buffer[position + 1] == 0xBB && buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    private func sepLineDelimiter() -> UInt8? {
        guard malformation == nil, rawEnd - rawStart >= 4 else { return nil }
        let s = buffer + rawStart
        func lower(_ b: UInt8) -> UInt8 { b | 0x20 }
        guard lower(s[0]) == UInt8(ascii: "s"), lower(s[1]) == UInt8(ascii: "e"),
              lower(s[2]) == UInt8(ascii: "p"), s[3] == UInt8(ascii: "=") else { return nil }
        return rawEnd - rawStart >= 5 ? s[4] : UInt8(ascii: ";")
    }

    /// The most frequent of `;`, TAB, `,` outside quotes in the current record's raw
    /// bytes; ties in that order.
    private func detectDelimiter() -> UInt8 {
        var semicolons = 0, tabs = 0, commas = 0
        var quoted = false
        let bytes: UnsafeBufferPointer<UInt8> = malformation == nil
            ? UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart)
            : malformedRaw.withUnsafeBufferPointer { $0 }
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: ";") where !quoted: semicolons += 1
            case UInt8(ascii: "\t") where !quoted: tabs += 1
            case UInt8(ascii: ",") where !quoted: commas += 1
            default: break
            }
        }
        if semicolons >= tabs && semicolons >= commas { return UInt8(ascii: ";") }
        if tabs >= commas { return UInt8(ascii: "\t") }
        return UInt8(ascii: ",")
    }

    private func reparseCurrentRecord() throws {
        guard malformation == nil else { return }
        position = rawStart
        nextLine = line
        _ = try nextRecord()
    }

    // MARK: - Records

    /// Advances to the next non-blank record. Returns false at end of input.
    public func next() throws -> Bool {
        try nextRecord()
    }

    public var fieldCount: Int { fieldEnds.count }

    /// Whether every field of the current record is empty after trimming (`;;;;`): where
    /// Skolverket's notes begin.
    public var isAllFieldsEmpty: Bool {
        malformation == nil && (0..<fieldCount).allSatisfy { withTrimmedField($0) { $0.isEmpty } }
    }

    /// Calls `body` with the bytes of field `index` (unquoted, `""` unescaped, untrimmed).
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        let end = fieldEnds[index]
        return try fieldData.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// Calls `body` with the bytes of field `index` trimmed of surrounding spaces and tabs
    /// (and a trailing CR): the bytes `value(_:)` decodes.
    public func withTrimmedField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withField(index) { bytes in
            var lo = 0, hi = bytes.count
            while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
            while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D) { hi -= 1 }
            return try body(UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
        }
    }

    /// Field `index` decoded and trimmed of surrounding spaces.
    public func value(_ index: Int) -> String {
        withTrimmedField(index) { encoding.decode($0) }
    }

    /// The record as read (for a malformed record: its first physical line), without the
    /// line terminator.
    public func withRawBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if malformation != nil { return try malformedRaw.withUnsafeBufferPointer(body) }
        return try body(UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart))
    }

    /// The record as read, decoded.
    public var rawText: String { withRawBytes { encoding.decode($0) } }

    // MARK: - Scanning

    private enum Scan {
        case record(end: Int, lines: Int, rawEnd: Int, blank: Bool, textAfterQuote: Bool)
        case needMore
        case unclosedQuote
    }

    private func nextRecord() throws -> Bool {
        while true {
            if position >= count {
                if atEnd { return false }
                try refill()
                continue
            }
            // Runs of empty lines (LF or CRLF) are skipped without splitting them into
            // records: a file of a hundred million line feeds is a gzip bomb, not data.
            while position < count {
                if buffer[position] == 0x0A {
                    position += 1
                    nextLine += 1
                } else if buffer[position] == 0x0D && position + 1 < count && buffer[position + 1] == 0x0A {
                    position += 2
                    nextLine += 1
                } else {
                    break
                }
            }
            if position >= count { continue }
            switch scanRecord(from: position) {
            case .needMore:
                if count - position > options.maxRecordBytes {
                    try skipOverlongRecord()
                    return true
                }
                try refill()
            case .unclosedQuote:
                recoverAfterFirstLine(.unclosedQuote)
                return true
            case let .record(end, lines, rawEnd, blank, textAfterQuote):
                line = nextLine
                nextLine += lines
                rawStart = position
                self.rawEnd = rawEnd
                position = end
                if blank { continue }
                if textAfterQuote {
                    malformation = .textAfterClosingQuote
                    malformedRaw = Array(UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart))
                } else {
                    malformation = nil
                }
                return true
            }
        }
    }

    /// Splits the record starting at `start` into `fieldData`/`fieldEnds`.
    private func scanRecord(from start: Int) -> Scan {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let delimiter = self.delimiter
        let count = self.count, atEnd = self.atEnd, buf = self.buffer
        // Work on local arrays: a class's stored arrays mutated byte by byte would pay a
        // dynamic exclusivity check per access (it showed as a third of the profile).
        var fieldData = self.fieldData, fieldEnds = self.fieldEnds
        self.fieldData = []
        self.fieldEnds = []
        defer {
            self.fieldData = fieldData
            self.fieldEnds = fieldEnds
        }
        fieldData.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var i = start
        var lines = 0
        var blank = true
        var textAfterQuote = false
        while true {
            // Spaces before an opening quote are padding (`; "2"` is the field 2).
            var q = i
            while q < count && (buf[q] == space || buf[q] == tab) { q += 1 }
            if q >= count && !atEnd { return .needMore }
            if q < count && buf[q] == quote { i = q }
            if i < count && buf[i] == quote {
                blank = false
                i += 1
                var fieldLines = 0
                quoted: while true {
                    guard i < count else { return atEnd ? .unclosedQuote : .needMore }
                    let b = buf[i]
                    if b == quote {
                        if i + 1 < count {
                            if buf[i + 1] == quote { fieldData.append(quote); i += 2; continue }
                            i += 1
                            break quoted
                        }
                        if atEnd { i += 1; break quoted }
                        return .needMore
                    }
                    if b == lf {
                        fieldLines += 1
                        if fieldLines >= options.maxQuotedLines { return .unclosedQuote }
                    }
                    fieldData.append(b)
                    i += 1
                }
                while i < count && buf[i] != delimiter && buf[i] != lf {
                    let b = buf[i]
                    if b != cr && b != space && b != tab { textAfterQuote = true }
                    i += 1
                }
                if i >= count && !atEnd { return .needMore }
                lines += fieldLines
            } else {
                // Unquoted: find the end first, then copy the bytes in one go.
                let start = i
                while i < count {
                    let b = buf[i]
                    if b == delimiter || b == lf { break }
                    i += 1
                }
                if i >= count && !atEnd { return .needMore }
                var end = i
                if i < count && buf[i] == lf && end > start && buf[end - 1] == cr { end -= 1 }
                if blank {
                    for k in start..<end where buf[k] != space && buf[k] != tab && buf[k] != cr { blank = false; break }
                }
                fieldData.append(contentsOf: UnsafeBufferPointer(start: buf + start, count: end - start))
            }
            fieldEnds.append(fieldData.count)
            if i >= count {
                return .record(end: i, lines: 0, rawEnd: i, blank: blank && fieldEnds.count == 1,
                               textAfterQuote: textAfterQuote)
            }
            if buf[i] == delimiter {
                blank = false
                i += 1
                continue
            }
            // Line feed ends the record; a CR before it belongs to the terminator.
            var rawEnd = i
            if rawEnd > start && buf[rawEnd - 1] == cr { rawEnd -= 1 }
            return .record(end: i + 1, lines: lines + 1, rawEnd: rawEnd,
                           blank: blank && fieldEnds.count == 1, textAfterQuote: textAfterQuote)
        }
    }

    /// How much of a malformed or over-long record is kept for its reject: 4,096 bytes and a
    /// margin, so that a pupil identifier the cut would split is whole when the reject is
    /// masked; the warehouse cuts the masked text to 4,096 bytes.
    public static let rawPrefixBytes = 4096 + 64

    /// The record at `position` could not be closed: report its first physical line and
    /// resume on the line after it.
    private func recoverAfterFirstLine(_ reason: Malformation) {
        line = nextLine
        var i = position
        while i < count && buffer[i] != UInt8(ascii: "\n") { i += 1 }
        var end = i
        if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        malformedRaw = Array(UnsafeBufferPointer(start: buffer + position, count: min(end - position, Self.rawPrefixBytes)))
        malformation = reason
        fieldEnds.removeAll(keepingCapacity: true)
        fieldData.removeAll(keepingCapacity: true)
        position = min(i + 1, count)
        nextLine = line + 1
    }

    /// A record larger than `maxRecordBytes`: keep a prefix of its first line for the
    /// reject, then discard bytes up to the end of that line without buffering them.
    private func skipOverlongRecord() throws {
        line = nextLine
        let keep = min(count - position, Self.rawPrefixBytes)
        malformedRaw = Array(UnsafeBufferPointer(start: buffer + position, count: keep))
        if let cut = malformedRaw.firstIndex(of: UInt8(ascii: "\n")) { malformedRaw.removeSubrange(cut...) }
        malformation = .recordTooLong(limit: options.maxRecordBytes)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldData.removeAll(keepingCapacity: true)
        nextLine = line + 1
        while true {
            if let newline = memchr(buffer + position, 0x0A, count - position) {
                position = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                return
            }
            position = count
            if atEnd { return }
            try refill()
        }
    }

    /// Moves the unconsumed bytes to the front, grows the buffer if a record fills it, and
    /// reads one more chunk.
    private func refill() throws {
        if position > 0 {
            let remaining = count - position
            if remaining > 0 { memmove(buffer, buffer + position, remaining) }
            count = remaining
            if rawStart >= position { rawStart -= position; rawEnd -= position } else { rawStart = 0; rawEnd = 0 }
            position = 0
        }
        if count == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + count, count: capacity - count))
        if n == 0 {
            atEnd = true
            validator.finish()
        } else {
            if encoding == .utf8 { validator.feed(UnsafeRawBufferPointer(start: buffer + count, count: n)) }
            count += n
        }
    }
}
