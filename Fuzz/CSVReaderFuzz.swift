// libFuzzer target: the CSV reader with encoding detection, over arbitrary bytes.
// Built by `make fuzz` with swiftc -sanitize=fuzzer,address together with LikvardIO's
// sources (see the Makefile); not part of the package build.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte picks the buffer size, so every chunk boundary gets exercised.
    var options = CSVReader.Options()
    options.chunkSize = 1 + Int(bytes[0] % 64)
    options.maxRecordBytes = 4096
    let input = Array(bytes.dropFirst())
    var validator = UTF8Validator()
    input.withUnsafeBytes { validator.feed($0) }
    validator.finish()
    let encoding: TextEncoding = validator.isValidSoFarAndComplete ? .utf8 : .windows1252
    let reader = CSVReader(source: MemoryByteSource(input), encoding: encoding, options: options)
    do {
        guard let header = try reader.readHeader() else { return 0 }
        _ = header.map(HeaderName.fold)
        var lastLine = reader.headerLine
        var records = 0
        while try reader.next() {
            records += 1
            precondition(reader.line > lastLine, "line numbers must increase")
            lastLine = reader.line
            if reader.malformation == nil {
                for i in 0..<reader.fieldCount { _ = reader.value(i) }
            }
            _ = reader.rawText
            precondition(records <= input.count + 1, "more records than bytes")
        }
        if encoding == .utf8 { precondition(reader.isValidUTF8SoFar) }
    } catch {
        preconditionFailure("a memory source never fails: \(error)")
    }
    return 0
}
