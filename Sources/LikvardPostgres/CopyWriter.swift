/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: fields separated by tab,
/// rows ended by newline, NULL as `\N`, and backslash, tab, newline and carriage return
/// escaped inside a field (https://www.postgresql.org/docs/15/sql-copy.html, "Text Format").
/// Buffered: the rows reach the server in chunks of about 64 KiB.
public struct CopyWriter {
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private let send: ([UInt8]) throws -> Void
    private static let chunk = 64 * 1024

    init(send: @escaping ([UInt8]) throws -> Void) {
        self.send = send
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// One field of the current row; `nil` is NULL.
    public mutating func field(_ text: String?) {
        if fieldsInRow > 0 { buffer.append(0x09) }
        fieldsInRow += 1
        guard let text else { buffer.append(contentsOf: [0x5C, 0x4E]); return }   // \N
        for byte in text.utf8 {
            switch byte {
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])   // \\
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])   // \t
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])   // \n
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])   // \r
            default: buffer.append(byte)
            }
        }
    }

    /// Ends the current row.
    public mutating func endRow() throws {
        buffer.append(0x0A)
        fieldsInRow = 0
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Sends what is buffered now (the rows so far reach the server).
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
