import LikvardIO
import LikvardSQL

/// Finds `duplicate_row`s: records whose text equals an earlier record of the same file.
///
/// Each record is remembered by a 128-bit digest of its text. Up to `memoryLimit` digests
/// stay in memory and each record is answered at once. Past that, memory stays flat in one
/// of two ways:
/// - `decidesAtEnd` (`Feed.decidesDuplicatesAtEnd`: grade exports): the
///   later records are let through and their digests appended to a `DigestLog`; at the end
///   of the file `laterDuplicates()` names the lines that repeat an earlier one; the load
///   then stages the file again with those lines known (`knownLaterRepeats`) and rejects
///   them. Appending is sequential, so the cost per row stays the same however long the
///   file (docs/performance.md).
/// - otherwise the digests spill into a `SpilledPairSet` (a private temporary SQLite file)
///   that answers at once, at the cost of a random probe per record.
/// The detector's files are its own, not the warehouse's: validation runs on a helper
/// thread while the warehouse connection inserts.
final class DuplicateDetector {
    private let memoryLimit: Int
    private let decidesAtEnd: Bool
    private var seen = DigestSet()
    private var spill: SpilledPairSet?
    private var log: DigestLog?
    /// The second pass over a long file: the lines past the memory limit that repeat an
    /// earlier record, as the first pass's `laterDuplicates()` named them.
    private let knownLaterRepeats: Set<Int>?
    private var pastMemoryLimit = false

    /// 196,608 digests: three quarters of a 262,144-slot table (4 MiB), so the table is
    /// never reallocated at twice that size just before it spills. Task-local so that a
    /// test can take a long file's path through the real load with a few hundred rows.
    @TaskLocal static var memoryLimitInUse = 196_608

    init(memoryLimit: Int = DuplicateDetector.memoryLimitInUse, decidesAtEnd: Bool = false,
         knownLaterRepeats: Set<Int>? = nil) {
        self.memoryLimit = memoryLimit
        self.decidesAtEnd = decidesAtEnd
        self.knownLaterRepeats = knownLaterRepeats
    }

    /// True when the current record of `reader` is known to repeat an earlier record of
    /// this file. With `decidesAtEnd`, a record past the memory limit is let through here
    /// and may be named by `laterDuplicates()` instead.
    func isDuplicate(_ reader: CSVReader) throws -> Bool {
        if pastMemoryLimit, let knownLaterRepeats { return knownLaterRepeats.contains(reader.line) }
        let digest = RecordDigest(reader)
        if let log {
            try log.append(digest, line: reader.line)
            return false
        }
        guard let spill else {
            if !seen.insert(digest) { return true }
            if seen.count >= memoryLimit { try spillToDisk() }
            return false
        }
        return try !spill.insert(digest.a, digest.b)
    }

    /// The lines let through by `isDuplicate` that repeat an earlier record, ascending
    /// (none unless `decidesAtEnd` and the file outgrew memory). Call once, at the end.
    func laterDuplicates() throws -> [Int] {
        defer { log = nil }
        return try log?.laterLines() ?? []
    }

    private func spillToDisk() throws {
        if decidesAtEnd, knownLaterRepeats != nil {
            seen = DigestSet()
            pastMemoryLimit = true
            return
        }
        if decidesAtEnd {
            // The digests held so far are all first occurrences, of earlier lines than any
            // still to come: line 0 stands for "before".
            let log = DigestLog()
            for digest in seen.digests { try log.append(digest, line: 0) }
            seen = DigestSet()
            self.log = log
            return
        }
        // An 8 MiB page cache in place of the 4 MiB table it replaces (docs/performance.md:
        // with SQLite's default 2 MiB, a 2M-row file's spilled inserts mostly missed it).
        let spill = try SpilledPairSet(cacheKiB: 8192)
        for digest in seen.digests { _ = try spill.insert(digest.a, digest.b) }
        seen = DigestSet()
        self.spill = spill
    }
}

/// 128 bits identifying a record's text within one file (two independently seeded
/// SipHash values), for `duplicate_row`.
struct RecordDigest: Equatable {
    let a: Int
    let b: Int

    init(a: Int, b: Int) {
        self.a = a
        self.b = b
    }

    init(_ reader: CSVReader) {
        (a, b) = reader.withRawBytes { bytes in
            var h1 = Hasher(), h2 = Hasher()
            h2.combine(0x5eed)
            h1.combine(bytes: UnsafeRawBufferPointer(bytes))
            h2.combine(bytes: UnsafeRawBufferPointer(bytes))
            return (h1.finalize(), h2.finalize())
        }
    }
}

/// The digests of one file's records so far: open addressing, indexed by the digest's own
/// bits (already a keyed SipHash, so no hashing again and no collisions an input could
/// aim for), which a `Set` would hash once more per record. 16 bytes a slot, at most three
/// quarters full.
struct DigestSet {
    /// (0, 0) marks an empty slot; a digest that is (0, 0) is stored as (0, 1), which
    /// could only matter if another record's digest were exactly (0, 1): 2⁻¹²⁸.
    private var slots = [RecordDigest](repeating: RecordDigest(a: 0, b: 0), count: 1024)
    private(set) var count = 0

    /// Inserts `digest`; false when it was there already.
    mutating func insert(_ digest: RecordDigest) -> Bool {
        let digest = digest.a == 0 && digest.b == 0 ? RecordDigest(a: 0, b: 1) : digest
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var i = digest.a & mask
        while slots[i].a != 0 || slots[i].b != 0 {
            if slots[i] == digest { return false }
            i = (i + 1) & mask
        }
        slots[i] = digest
        count += 1
        return true
    }

    var digests: [RecordDigest] { slots.filter { $0.a != 0 || $0.b != 0 } }

    private mutating func grow() {
        let old = slots
        slots = [RecordDigest](repeating: RecordDigest(a: 0, b: 0), count: old.count * 2)
        count = 0
        for digest in old where digest.a != 0 || digest.b != 0 { _ = insert(digest) }
    }
}
