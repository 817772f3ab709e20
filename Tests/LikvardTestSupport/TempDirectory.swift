import Foundation

/// A fresh folder under /tmp, removed when released.
public final class TempDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "likvard-test") {
        // letters only: a UUID's hex may hold a run of digits the identifier mask takes for one
        let suffix = String((0..<16).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        path = NSTemporaryDirectory() + "\(label)-\(suffix)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` at `relative`, creating folders.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try! Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    public func write(_ relative: String, _ text: String) -> String { write(relative, Array(text.utf8)) }
}
