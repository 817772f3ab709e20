import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// Failures a user or the machine causes: one clear sentence, the exit code of docs/operations.md,
/// and a warehouse that a re-run completes.
@Suite struct FailureMessageTests {
    @Test func aBadFlagIsAUsageError() throws {
        let r = try ChildProcess.run(Built.likvard, ["run", "--demo", "--bogus"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("--bogus"))
    }

    @Test func rerunRefusesAcceptRejectsWithoutAFile() throws {
        let r = try ChildProcess.run(Built.likvard, ["rerun", "--warehouse", "/nonexistent", "--accept-rejects"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("--accept-rejects goes with --file"))
    }

    /// A tmpfs of `kilobytes`, unmounted when the test ends. Needs root (CI runs as root).
    final class Tmpfs {
        let path: String
        private let dir = TempDirectory("likvard-tmpfs")
        init(kilobytes: Int) throws {
            path = dir.path + "/mnt"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Built.shell("mount -t tmpfs -o size=\(kilobytes)k tmpfs '\(path)'")
        }
        func remount(_ options: String) throws { try Built.shell("mount -o remount,\(options) '\(path)'") }
        deinit { _ = try? Built.shell("umount -l '\(path)'") }
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small file system needs root"))
    func aFullDiskFailsTheStageAndARerunCompletesIt() throws {
        let dir = try CrashSafetyTests.workspace()
        let disk = try Tmpfs(kilobytes: 900)
        let args = ["run", "--inbox", dir.path + "/inbox", "--warehouse", disk.path + "/w.sqlite", "--key-file", dir.path + "/key"]
        let full = try ChildProcess.run(Built.likvard, args)
        #expect(full.exitCode == 1, "\(full.stderr.suffix(400))")
        #expect(full.stderr.contains("disk is full"), "\(full.stderr.suffix(400))")
        #expect(!full.stderr.contains("Fatal error"))
        try disk.remount("size=64m")
        // the line the failure suggests, pasted as it stands
        let suggested = Built.suggestedLines(in: full.stderr, after: "complete the run with:")
        #expect(suggested == ["likvard rerun --warehouse \(disk.path)/w.sqlite --inbox \(dir.path)/inbox --key-file \(dir.path)/key"], "\(full.stderr.suffix(400))")
        let rerun = try Built.paste(suggested.first ?? "likvard rerun", in: "/")
        #expect(rerun.exitCode == 3, "\(rerun.stderr.suffix(400))")
        let after = try CrashSafetyTests.snapshot(disk.path + "/w.sqlite")
        for (key, value) in CrashSafetyTests.reference { #expect(after[key] == value, "\(key) differs") }
    }

    @Test(.enabled(if: getuid() == 0, "a read-only mount needs root"))
    func aReadOnlyWarehouseIsOneClearSentence() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        let disk = try Tmpfs(kilobytes: 4096)
        let args = ["run", "--inbox", h.inbox, "--warehouse", disk.path + "/w.sqlite", "--key-file", h.keyFile]
        #expect(try ChildProcess.run(Built.likvard, args).exitCode == 0)
        try disk.remount("ro")
        h.drop("skolenheter/s.csv", Feeds.register([("22345678", "B")]))
        let r = try ChildProcess.run(Built.likvard, args)
        #expect(r.exitCode == 2)
        #expect(r.stderr.lowercased().contains("read-only"), "\(r.stderr)")
        #expect(r.stderr.contains("must be writable"), "\(r.stderr)")
    }
}
