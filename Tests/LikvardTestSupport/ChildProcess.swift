import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real child process (posix_spawn), with its exit status, output, and peak resident
/// memory from `wait4`'s rusage — measured from outside, as the operating system saw it.
public final class ChildProcess {
    public let pid: pid_t
    private let stdoutPath: String
    private let stderrPath: String
    private let scratch: TempDirectory

    public struct Result {
        public let exitCode: Int32
        public let signal: Int32?
        public let stdout: String
        /// stdout as bytes (it may not be UTF-8).
        public let stdoutBytes: [UInt8]
        public let stderr: String
        /// ru_maxrss: kilobytes on Linux.
        public let maxRSSKilobytes: Int
    }

    /// Starts `executable` with `arguments` in `directory`, with `environment` added to ours.
    public init(_ executable: String, _ arguments: [String], directory: String? = nil,
                environment: [String: String] = [:]) throws {
        scratch = TempDirectory("likvard-child")
        stdoutPath = scratch.path + "/stdout"
        stderrPath = scratch.path + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        // A working directory goes through `sh -c 'cd … && exec …'`: exec keeps the pid.
        let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] } ?? [executable]
        let argv: [UnsafeMutablePointer<CChar>?] = (command + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, command[0], &actions, nil, argv, envp)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"]) }
        pid = child
    }

    public func kill(_ signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    /// True once the child has ended (a zombie not yet waited for counts as ended).
    public var hasExited: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }

    /// Waits for the child to end.
    public func wait() -> Result {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let outBytes = FileManager.default.contents(atPath: stdoutPath).map { Array($0) } ?? []
        let out = String(decoding: outBytes, as: UTF8.self)
        let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return Result(exitCode: signaled ? -1 : (status >> 8) & 0xff, signal: signaled ? status & 0x7f : nil,
                      stdout: out, stdoutBytes: outBytes, stderr: err, maxRSSKilobytes: Int(usage.ru_maxrss))
    }

    /// Current stderr so far (for waiting on a log line).
    public var stderrSoFar: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Runs to completion.
    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        try ChildProcess(executable, arguments, directory: directory, environment: environment).wait()
    }
}

/// Where the built executables are: beside the test bundle (`.build/debug`).
public enum Built {
    public static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["LIKVARD_BUILD_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.path + "/likvard") { return url.path }
        }
        // `swift test` from the package root
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    public static var likvard: String { directory + "/likvard" }
    public static var bench: String { directory + "/likvard-bench" }

    /// The package root (for fixtures/).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// Runs a command line Likvärd suggested (`likvard rerun --demo --file …`) as a steward
    /// would paste it into a shell in `directory`, with `likvard` being the built one.
    public static func paste(_ line: String, in directory: String) throws -> ChildProcess.Result {
        precondition(line.hasPrefix("likvard "), "not a likvard command line: \(line)")
        return try ChildProcess.run("/bin/sh", ["-c", "'\(likvard)'" + line.dropFirst("likvard".count)], directory: directory)
    }

    /// Every `likvard …` command line in `text` that follows `marker` (up to the end of the
    /// line, or a closing backtick or " feed=" of a log line).
    public static func suggestedLines(in text: String, after marker: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard let range = line.range(of: marker) else { return nil }
            var rest = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            for end in ["`", " feed=", " (or let"] { if let cut = rest.range(of: end) { rest = String(rest[..<cut.lowerBound]) } }
            return rest.hasPrefix("likvard ") ? rest : nil
        }
    }

    /// Runs a shell command line (gzip, cat, sqlite3); returns its stdout.
    @discardableResult
    public static func shell(_ command: String) throws -> String {
        let r = try ChildProcess.run("/bin/sh", ["-c", command])
        guard r.exitCode == 0 else {
            throw NSError(domain: "shell", code: Int(r.exitCode), userInfo: [NSLocalizedDescriptionKey: "\(command): \(r.stderr)"])
        }
        return r.stdout
    }
}

/// A program a test needs from the system (Chromium). Outside `make test` a test that needs
/// a missing one is skipped, saying so; under `make test` (`LIKVARD_REQUIRE_TOOLS=1`, which
/// installs them) it runs, and fails if the program is not there: never a silent skip.
public enum RequiredTool {
    public static func runsTest(needing path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path) || ProcessInfo.processInfo.environment["LIKVARD_REQUIRE_TOOLS"] == "1"
    }
}
