import CZlib
import Foundation

/// Just enough of PNG (8-bit RGB/RGBA, non-interlaced — what Chromium writes) to check
/// that a screenshot shows something: decoded with zlib, unfiltered per scanline.
public struct PNGImage {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let pixels: [UInt8]

    public enum DecodeError: Error { case notPNG, unsupported(String), corrupt }

    public init(path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard data.count > 8, data[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw DecodeError.notPNG }
        var i = 8
        var w = 0, h = 0, colorType = 0, idat: [UInt8] = []
        func u32(_ at: Int) -> Int { Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3]) }
        while i + 8 <= data.count {
            let length = u32(i)
            let type = String(decoding: data[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = data[(i + 8)..<(i + 8 + length)]
            if type == "IHDR" {
                w = u32(i + 8); h = u32(i + 12)
                guard body[body.startIndex + 8] == 8, body[body.startIndex + 12] == 0 else { throw DecodeError.unsupported("bit depth or interlace") }
                colorType = Int(body[body.startIndex + 9])
            } else if type == "IDAT" {
                idat += body
            } else if type == "IEND" { break }
            i += 12 + length
        }
        let channels = colorType == 6 ? 4 : colorType == 2 ? 3 : 0
        guard channels > 0 else { throw DecodeError.unsupported("color type \(colorType)") }
        let stride = w * channels
        var raw = [UInt8](repeating: 0, count: (stride + 1) * h)
        var stream = z_stream()
        guard czlib_inflateInit2(&stream, 15) == Z_OK else { throw DecodeError.corrupt }
        let rc = idat.withUnsafeMutableBufferPointer { input in
            raw.withUnsafeMutableBufferPointer { output -> Int32 in
                stream.next_in = input.baseAddress; stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress; stream.avail_out = uInt(output.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        inflateEnd(&stream)
        guard rc == Z_STREAM_END else { throw DecodeError.corrupt }
        var out = [UInt8](repeating: 0, count: stride * h)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let byte = raw[y * (stride + 1) + 1 + x]
                let a = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = (x >= channels && y > 0) ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw DecodeError.corrupt
                }
                out[y * stride + x] = UInt8((Int(byte) + predictor) & 0xFF)
            }
        }
        width = w; height = h; self.channels = channels; pixels = out
    }

    /// True when the pixel differs from white.
    public func isInk(x: Int, y: Int) -> Bool {
        let p = (y * width + x) * channels
        return pixels[p] < 235 || pixels[p + 1] < 235 || pixels[p + 2] < 235
    }

    /// The last row holding any non-white pixel (how tall the content is), or -1.
    public var lastInkRow: Int {
        for y in stride(from: height - 1, through: 0, by: -1) {
            for x in 0..<width where isInk(x: x, y: y) { return y }
        }
        return -1
    }

    public var inkFraction: Double {
        var ink = 0
        for y in 0..<height { for x in 0..<width where isInk(x: x, y: y) { ink += 1 } }
        return Double(ink) / Double(width * height)
    }
}
