import Foundation

/// How the steward's other commands name this warehouse, so that every command line a
/// run suggests (in a quarantine message, in `status`) works when pasted: `--demo` for the
/// demo, `--pipeline FILE` when the run read one, else the warehouse (and for `rerun` the
/// inbox and key) as the run was given them.
public struct RunbookFlags: Sendable, Equatable {
    /// For the commands that only read: `status`, `rejects`.
    public var reading: [String]
    /// For `rerun`, which also needs the inbox and the key.
    public var writing: [String]

    public init(reading: [String], writing: [String]) {
        self.reading = reading
        self.writing = writing
    }

    public static let demo = RunbookFlags(reading: ["--demo"], writing: ["--demo"])

    /// The flags as a command was given them (absolute paths): a pipeline file and the
    /// overrides beside it. The key is named only when it was given as a flag; otherwise
    /// the pipeline's `key_file` or `$LIKVARD_KEY_FILE` supplies it again.
    public static func naming(pipeline: String?, warehouse: String?, inbox: String?, keyFile: String?) -> RunbookFlags {
        var reading: [String] = []
        if let pipeline { reading += ["--pipeline", pipeline] }
        if let warehouse { reading += ["--warehouse", warehouse] }
        var writing = reading
        if let inbox { writing += ["--inbox", inbox] }
        if let keyFile { writing += ["--key-file", keyFile] }
        return RunbookFlags(reading: reading, writing: writing)
    }

    /// `likvard rerun --pipeline /etc/likvard/nightly.json --file 'betyg/a b.csv' --accept-rejects`
    public func rerun(_ arguments: String...) -> String { Self.line("rerun", writing + arguments) }

    /// `likvard rejects --warehouse /srv/w.sqlite --file betyg/x.csv`
    public func rejects(_ arguments: String...) -> String { Self.line("rejects", reading + arguments) }

    private static func line(_ subcommand: String, _ arguments: [String]) -> String {
        (["likvard", subcommand] + arguments.map(shellQuoted)).joined(separator: " ")
    }

    /// Quoted for a POSIX shell only where needed, so the common line stays readable.
    static func shellQuoted(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
