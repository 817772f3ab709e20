import Crypto
import Foundation

/// The secret that turns a pupil identifier into a `pupil_id`:
/// `pupil_id` = lower-case hex of HMAC-SHA256(key, normalized id), first 32 hex digits.
///
/// The warehouse stores only a fingerprint of the key, so a run with another key is
/// refused instead of silently giving every pupil a new `pupil_id`.
public struct PupilKey: @unchecked Sendable {
    static let minimumLength = 32
    private static let fingerprintText = "likvard key fingerprint v1"

    private let key: SymmetricKey

    /// The key bytes with trailing whitespace removed; at least 32 bytes.
    public init(bytes: [UInt8], source: String) throws {
        var trimmed = bytes[...]
        while let last = trimmed.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
            trimmed = trimmed.dropLast()
        }
        guard trimmed.count >= PupilKey.minimumLength else {
            throw ConfigurationError(
                "key file \(source) holds \(trimmed.count) bytes; a key needs at least \(PupilKey.minimumLength) (create one with: head -c 48 /dev/urandom | base64 > FILE)")
        }
        key = SymmetricKey(data: Array(trimmed))
    }

    public static func load(path: String) throws -> PupilKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read key file \(path): it does not exist or is not readable")
        }
        return try PupilKey(bytes: Array(data), source: path)
    }

    /// The pseudonymous id of a normalized identifier.
    public func pupilID(_ normalized: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalized.utf8), using: key)
        return Hex.encode(mac.prefix(16))
    }

    /// An HMAC of a fixed text: identifies the key without revealing it.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(PupilKey.fingerprintText.utf8), using: key)
        return Hex.encode(Array(mac))
    }
}

enum Hex {
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
