import LikvardIO
import LikvardSQL

/// Bad usage, configuration or key: exit 2, nothing written.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Another run holds the warehouse: exit 4.
public struct WarehouseBusyError: Error, CustomStringConvertible, Sendable {
    public let holder: String
    public let lockPath: String
    public var description: String {
        "another likvard run holds the warehouse (\(holder)); lock file \(lockPath). Wait for it, or pass --wait SECONDS"
    }
}

/// A stage failed: exit 1, the run can be re-run.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public let stage: String
    public let description: String
    public init(stage: String, _ description: String) {
        self.stage = stage
        self.description = "stage \(stage) failed: \(description)"
    }
}

/// A publication could not be written for a reason that may pass (the server went away,
/// the disk filled): exit 1, the previous publication unchanged, publish again.
public struct PublicationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `likvard rerun` found nothing to do: exit 0 with this sentence.
public struct NothingToRerun: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}

/// One sentence for a failure that is not ours to type (SQLite, the file system), saying
/// what to do.
public enum Failure {
    public static func sentence(_ error: Error) -> String {
        if let sql = error as? SQLiteError {
            if sql.isFull { return "the disk is full (\(sql.message)); free space and re-run — the stage was rolled back" }
            if sql.isReadOnly { return "the warehouse cannot be written (\(sql.message)); check the file system and its permissions" }
            if sql.isCorrupt { return "the warehouse file is corrupt (\(sql.message)); restore it from a backup" }
            return sql.description
        }
        return "\(error)"
    }

    /// Whether `error` failed a stage (SQLite, reading a file): exit 1, re-runnable — not a
    /// usage or configuration mistake.
    static func isStageFailure(_ error: Error) -> Bool { error is SQLiteError || error is IOError || error is DigestLogError }
}
