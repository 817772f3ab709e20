import Foundation

/// The record digests of a long file, each with its line, appended to hash-partitioned
/// temporary files and resolved when the file ends: which lines repeat an earlier one.
///
/// Why not a set that answers at once: past what memory holds, every lookup is a random
/// probe into a tree on disk (the `SpilledPairSet`), and a 2M-row export spent about 4 s
/// there — more per row the longer the file, so the load stopped being linear. Appending
/// is sequential, and each partition is sorted alone at the end, so memory stays bounded
/// (a partition past `sortLimit` entries is split again by the digest's next bits) however
/// long the file. The files are unlinked as they are created (`tmpfile`): nothing is left
/// behind by a killed run, and they hold keyed hashes and line numbers only.
final class DigestLog {
    /// 64 partitions: a 20M-row file gives about 7.5 MB each, and at most 64 temporary
    /// files per level of splitting are open at once.
    private static let fanOut = 64
    private static let bitsPerLevel = 6
    /// Entries sorted in memory at once: 262,144 × 24 bytes = 6 MiB.
    private let sortLimit: Int
    private var partitions: [Partition]

    init(sortLimit: Int = 262_144) {
        self.sortLimit = sortLimit
        partitions = (0..<Self.fanOut).map { _ in Partition() }
    }

    /// Records that line `line` has `digest`.
    func append(_ digest: RecordDigest, line: Int) throws {
        try partitions[Self.partition(of: digest, level: 0)].append(Entry(a: digest.a, b: digest.b, line: line))
    }

    /// The lines whose digest an earlier line has, in ascending order. Ends the log.
    func laterLines() throws -> [Int] {
        var lines: [Int] = []
        let all = partitions
        partitions = []
        for partition in all { try resolve(partition, level: 1, into: &lines) }
        return lines.sorted()
    }

    private func resolve(_ partition: Partition, level: Int, into lines: inout [Int]) throws {
        // Past the digest's 64 bits of `a` there is nothing left to split by: sort it whole.
        if partition.count <= sortLimit || level * Self.bitsPerLevel >= 64 {
            var entries = try partition.readAll()
            entries.sort { ($0.a, $0.b, $0.line) < ($1.a, $1.b, $1.line) }
            for i in entries.indices.dropFirst() where entries[i].a == entries[i - 1].a && entries[i].b == entries[i - 1].b {
                lines.append(entries[i].line)
            }
            return
        }
        let parts = (0..<Self.fanOut).map { _ in Partition() }
        try partition.forEach { entry in
            try parts[Self.partition(of: RecordDigest(a: entry.a, b: entry.b), level: level)].append(entry)
        }
        partition.close()
        for part in parts { try resolve(part, level: level + 1, into: &lines) }
    }

    /// The partition of `digest` at `level`: the next `bitsPerLevel` bits of `a` from the top.
    private static func partition(of digest: RecordDigest, level: Int) -> Int {
        let shift = 64 - bitsPerLevel * (level + 1)
        return shift >= 0 ? Int((UInt64(bitPattern: Int64(digest.a)) >> UInt64(shift)) & UInt64(fanOut - 1)) : 0
    }

    struct Entry {
        var a: Int
        var b: Int
        var line: Int
    }

    /// One temporary file of entries, written through a buffer of its own. The file is
    /// created when the buffer first fills: a small partition never has one.
    private final class Partition {
        private var file: UnsafeMutablePointer<FILE>?
        private var buffer: [Entry] = []
        private static let bufferEntries = 512
        private(set) var count = 0

        deinit { close() }

        func close() {
            if let file { fclose(file) }
            file = nil
            buffer = []
        }

        func append(_ entry: Entry) throws {
            buffer.append(entry)
            count += 1
            if buffer.count == Self.bufferEntries { try flush() }
        }

        private func flush() throws {
            guard !buffer.isEmpty else { return }
            if file == nil {
                guard let created = tmpfile() else { throw DigestLogError(operation: "create", errno: errno) }
                file = created
            }
            let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, MemoryLayout<Entry>.stride, buffer.count, file) }
            guard written == buffer.count else { throw DigestLogError(operation: "write", errno: errno) }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Every entry, in the order appended; closes the partition.
        func readAll() throws -> [Entry] {
            var entries: [Entry] = []
            entries.reserveCapacity(count)
            try forEach { entries.append($0) }
            close()
            return entries
        }

        func forEach(_ body: (Entry) throws -> Void) throws {
            guard file != nil else {   // never filled its buffer: every entry is still in it
                for entry in buffer { try body(entry) }
                return
            }
            try flush()
            rewind(file)
            var chunk = [Entry](repeating: Entry(a: 0, b: 0, line: 0), count: Self.bufferEntries)
            var left = count
            while left > 0 {
                let want = min(left, chunk.count)
                let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, MemoryLayout<Entry>.stride, want, file) }
                guard got == want else { throw DigestLogError(operation: "read", errno: errno) }
                for i in 0..<got { try body(chunk[i]) }
                left -= got
            }
        }
    }
}

/// A temporary file of the duplicate-row check could not be created, written or read
/// (the temporary directory full or not writable): a stage failure, not the file's fault.
struct DigestLogError: Error, CustomStringConvertible {
    let operation: String
    let errno: Int32
    var description: String {
        "could not \(operation) a temporary file of the duplicate-row check: \(String(cString: strerror(errno)))"
    }
}
