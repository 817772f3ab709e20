// libFuzzer target: the gzip stream over arbitrary bytes. It must end, or throw a
// GzipError — never crash, never loop. Output is capped (a bomb is not a bug here).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 + size % 4096, alignment: 1)
    defer { buffer.deallocate() }
    do {
        let source = try GzipByteSource(input: MemoryByteSource(input), bufferSize: 1 + size % 997)
        var total = 0
        while total < 64 << 20 {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            total += n
        }
    } catch is GzipError {
        // expected for most inputs
    } catch {
        preconditionFailure("unexpected error: \(error)")
    }
    return 0
}
