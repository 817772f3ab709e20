import Foundation
import LikvardTestSupport
import Testing

/// Memory stays flat as inputs grow: the read path runs as a child process over a
/// generated gzip export of ≥ 200 MB (inflated) and its peak RSS, from wait4, is bounded
/// and no larger than for an export a tenth the size.
@Suite struct StreamingMemoryTests {
    static let row = "20090314-1232;12345678;9;HT2024;MA;C;2024-12-20;Testskolan Söder;ABC\n"

    static func generate(_ dir: TempDirectory, name: String, megabytes: Int) throws -> String {
        let path = dir.path + "/" + name
        let rows = megabytes * 1_000_000 / row.utf8.count + 1
        try Built.shell("""
            { echo 'personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;skolnamn;larare'; \
              yes '\(row.dropLast())' | head -n \(rows); } | gzip -1 > '\(path)'
            """)
        return path
    }

    @Test func peakMemoryIsBoundedAndFlat() throws {
        let dir = TempDirectory()
        let small = try Self.generate(dir, name: "small.csv.gz", megabytes: 20)
        let large = try Self.generate(dir, name: "large.csv.gz", megabytes: 200)
        let a = try ChildProcess.run(Built.bench, ["read", small])
        let b = try ChildProcess.run(Built.bench, ["read", large])
        #expect(a.exitCode == 0 && b.exitCode == 0, "\(a.stderr) \(b.stderr)")
        #expect(b.stdout.hasPrefix("rows=\(200_000_000 / Self.row.utf8.count + 1) "))
        // Bound: 64 MB for a debug build reading 200 MB; flat: within 8 MB of the small run.
        #expect(b.maxRSSKilobytes < 64 * 1024, "peak RSS \(b.maxRSSKilobytes) kB")
        #expect(b.maxRSSKilobytes - a.maxRSSKilobytes < 8 * 1024,
                "20 MB: \(a.maxRSSKilobytes) kB, 200 MB: \(b.maxRSSKilobytes) kB")
    }
}
