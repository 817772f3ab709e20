import Crypto

/// SHA-256 over strings, as lower-case hex: fingerprints of SQL and settings.
struct SHA256Digest {
    private var hasher = SHA256()
    mutating func update(_ text: String) { hasher.update(data: Array(text.utf8)) }
    var hex: String { Hex.encode(Array(hasher.finalize())) }
}
