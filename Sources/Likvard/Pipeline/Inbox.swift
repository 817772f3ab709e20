import Foundation
import LikvardIO

/// One file found in the inbox, classified before anything is read.
public struct InboxFile: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A CSV export of the feed (plain or gzip).
        case export(gzip: Bool)
        /// A survey definition (`enkater/*.json`).
        case surveyDefinition
        /// Recorded as `ignored` with this reason. `hashable`: a regular file whose content
        /// identifies it (never true for a link leading outside the inbox, or a FIFO that
        /// reading would block on).
        case ignored(String, hashable: Bool)
        /// Cannot even be looked at (a link to a missing file): quarantined, `unreadable_file`.
        case unreadable(String)
    }

    public let feed: String
    /// Path relative to the inbox: the file's name in every record.
    public let relativePath: String
    /// The path as it may be stored, logged or printed: identifiers in it masked.
    public var displayName: String { IdentifierMask.mask(relativePath) }
    public let absolutePath: String
    public let kind: Kind
    /// The file's device and inode at the scan: every later open must find this file.
    public var identity: FileByteSource.Identity?
}

/// Lists the inbox in the contract's order: feeds in `Feed` order, files by byte-wise
/// relative path, survey definitions before survey exports.
public struct Inbox {
    public let root: String
    public let minFileAgeSeconds: Double

    public init(root: String, minFileAgeSeconds: Double = 0) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.minFileAgeSeconds = minFileAgeSeconds
    }

    /// Names that are still being copied, or hidden: skipped without a record.
    public static func isSkipped(name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
            || [".part", ".tmp", ".partial"].contains { name.lowercased().hasSuffix($0) }
    }

    public func scan() throws -> [InboxFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError("inbox \(root) does not exist or is not a folder")
        }
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        var files: [InboxFile] = []
        for feed in Feed.allCases {
            let folder = root + "/" + feed.rawValue
            var found: [InboxFile] = []
            // A feed folder that is a link is followed only when it stays inside the inbox.
            let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            if real != folder && FileManager.default.fileExists(atPath: folder), !(real == realRoot || real.hasPrefix(realRoot + "/")) {
                files.append(InboxFile(feed: feed.rawValue, relativePath: feed.rawValue, absolutePath: folder,
                                       kind: .ignored("a feed folder that is a link leading outside the inbox: not followed", hashable: false)))
                continue
            }
            walk(folder: folder, relative: feed.rawValue, feed: feed, realRoot: realRoot, into: &found)
            found.sort { a, b in
                let ar = a.kind == .surveyDefinition ? 0 : 1, br = b.kind == .surveyDefinition ? 0 : 1
                if ar != br { return ar < br }
                return Array(a.relativePath.utf8).lexicographicallyPrecedes(Array(b.relativePath.utf8))
            }
            files += found
        }
        // Anything else at the top of the inbox is recorded too, never silently passed by.
        let feeds = Set(Feed.allCases.map(\.rawValue))
        var strays: [InboxFile] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where !Inbox.isSkipped(name: name) && !feeds.contains(name) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDir)   // only isDir is wanted
            strays.append(InboxFile(feed: "inbox", relativePath: name, absolutePath: root + "/" + name,
                                    kind: .ignored(isDir.boolValue ? "a folder that is not a feed (\(Feed.allCases.map(\.rawValue).joined(separator: ", ")))"
                                                                   : "not in a feed folder", hashable: false)))
        }
        return files + strays.sorted { Array($0.relativePath.utf8).lexicographicallyPrecedes(Array($1.relativePath.utf8)) }
    }

    private func walk(folder: String, relative: String, feed: Feed, realRoot: String, into found: inout [InboxFile]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let now = Date().timeIntervalSince1970
        for name in names where !Inbox.isSkipped(name: name) {
            let path = folder + "/" + name
            let rel = relative + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            var isLink = false
            var mode = st.st_mode & S_IFMT
            if mode == S_IFLNK {
                isLink = true
                let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                    found.append(InboxFile(feed: feed.rawValue, relativePath: rel, absolutePath: path,
                                           kind: .ignored("symbolic link leading outside the inbox: not followed", hashable: false)))
                    continue
                }
                guard stat(path, &st) == 0 else {
                    found.append(InboxFile(feed: feed.rawValue, relativePath: rel, absolutePath: path,
                                           kind: .unreadable("symbolic link to a missing file: \(String(cString: strerror(errno)))")))
                    continue
                }
                mode = st.st_mode & S_IFMT
            }
            if mode == S_IFDIR {
                if !isLink { walk(folder: path, relative: rel, feed: feed, realRoot: realRoot, into: &found) }
                continue
            }
            guard mode == S_IFREG else {
                found.append(InboxFile(feed: feed.rawValue, relativePath: rel, absolutePath: path,
                                       kind: .ignored("not a regular file", hashable: false)))
                continue
            }
            if minFileAgeSeconds > 0 && now - Double(st.st_mtim.tv_sec) < minFileAgeSeconds { continue }
            let lower = name.lowercased()
            let kind: InboxFile.Kind
            if lower.hasSuffix(".csv") {
                kind = .export(gzip: false)
            } else if lower.hasSuffix(".csv.gz") {
                kind = .export(gzip: true)
            } else if feed == .enkater && lower.hasSuffix(".json") {
                kind = .surveyDefinition
            } else {
                let expected = feed == .enkater ? "*.json, *.csv or *.csv.gz" : "*.csv or *.csv.gz"
                kind = .ignored("not a file type of this feed (expected \(expected))", hashable: true)
            }
            found.append(InboxFile(feed: feed.rawValue, relativePath: rel, absolutePath: path, kind: kind,
                                   identity: FileByteSource.Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))))
        }
    }
}
