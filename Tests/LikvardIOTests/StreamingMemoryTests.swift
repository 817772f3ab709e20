import Foundation
import LikvardTestSupport
import Testing

/// Memory stays flat as inputs grow: the read path runs as a child process over a
/// generated gzip export of ≥ 200 MB (inflated); its peak RSS (the child's own VmHWM —
/// see PeakMemory in likvard-bench for why not wait4's ru_maxrss) is bounded and no larger
/// than for an export a tenth the size.
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

    static func peak(_ stdout: String) -> Int? {
        stdout.split(separator: " ").first { $0.hasPrefix("peak_rss_kb=") }.flatMap { Int($0.dropFirst(12).trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func peakMemoryIsBoundedAndFlat() throws {
        let dir = TempDirectory()
        let small = try Self.generate(dir, name: "small.csv.gz", megabytes: 20)
        let large = try Self.generate(dir, name: "large.csv.gz", megabytes: 200)
        let a = try ChildProcess.run(Built.bench, ["read", small])
        let b = try ChildProcess.run(Built.bench, ["read", large])
        #expect(a.exitCode == 0 && b.exitCode == 0, "\(a.stderr) \(b.stderr)")
        #expect(b.stdout.hasPrefix("rows=\(200_000_000 / Self.row.utf8.count + 1) "))
        let smallPeak = try #require(Self.peak(a.stdout)), largePeak = try #require(Self.peak(b.stdout))
        // Bound: 48 MB for a debug build reading 200 MB; flat: within 4 MB of the small run.
        #expect(largePeak < 48 * 1024, "peak RSS \(largePeak) kB")
        #expect(largePeak - smallPeak < 4 * 1024, "20 MB: \(smallPeak) kB, 200 MB: \(largePeak) kB")
    }
}
