import Foundation
import LikvardTestSupport
import Testing

/// Memory stays flat as inputs grow, measured on the real `likvard run` (its summary's
/// peak memory, the process's own VmHWM): a grade export twice as long peaks within a few
/// MB of the shorter one. Both are past 196,608 rows, where the duplicate-row digests
/// leave their 4 MiB table for a disk spill with an 8 MiB cache: below that point memory
/// grows with the file by design, up to those caps.
@Suite struct RunMemoryTests {
    /// A valid grade export of `rows` distinct rows (the teacher column numbers them: no
    /// row repeats another, so every digest is kept), gzipped.
    static func export(_ dir: TempDirectory, rows: Int) throws {
        let pupils = (1...100).map { TestPupil.personnummer("2009-03-14", serial: $0) }
        try FileManager.default.createDirectory(atPath: dir.path + "/inbox/betyg", withIntermediateDirectories: true)
        let list = dir.write("pupils.txt", pupils.joined(separator: "\n") + "\n")
        let subjects = Feeds.subjects.joined(separator: " ")
        try Built.shell("""
            awk -v n=\(rows) -v subjects='\(subjects)' '
              NR == FNR { p[FNR - 1] = $0; next }
              END {
                split(subjects, s, " ")
                print "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare"
                for (i = 0; i < n; i++) printf "%s;12345678;9;VT2024;%s;C;2024-06-10;L%d\\n", p[i % 100], s[i % 17 + 1], i
              }' '\(list)' /dev/null | gzip -1 > '\(dir.path)/inbox/betyg/export.csv.gz'
            """)
        dir.write("inbox/skolenheter/r.csv", Feeds.register([("12345678", "Testskolan")]))
        dir.write("key", "memory-test-key-0123456789-0123456789\n")
        chmod(dir.path + "/key", 0o600)
    }

    /// Peak memory in MB, from the run summary.
    static func peakMegabytes(rows: Int) throws -> Int {
        let dir = TempDirectory("likvard-memory")
        try export(dir, rows: rows)
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", dir.path + "/inbox", "--warehouse", dir.path + "/w.sqlite",
                                                     "--key-file", dir.path + "/key"])
        #expect(r.exitCode == 0, "\(r.stderr.suffix(500))")
        #expect(r.stdout.contains("Rows: \(rows + 1) loaded, 0 rejected"), "\(r.stdout)")
        let match = try #require(r.stdout.firstRange(of: /Peak memory (\d+) MB/), "\(r.stdout)")
        return Int(r.stdout[match].split(separator: " ")[2])!
    }

    @Test func peakMemoryIsBoundedAndFlat() throws {
        let small = try Self.peakMegabytes(rows: 250_000)
        let large = try Self.peakMegabytes(rows: 500_000)
        #expect(large < 100, "500,000 rows: \(large) MB")
        #expect(large - small <= 4, "250,000 rows: \(small) MB, 500,000 rows: \(large) MB")
    }
}
