import LikvardIO

/// What happened to one file: its `etl_files` status, reason and row counts.
public struct FileOutcome: Sendable {
    public enum Status: String, Sendable {
        case loaded, quarantined
        case skippedDuplicate = "skipped_duplicate"
        case ignored
    }

    public var status: Status
    public var reason: String?
    public var message: String?
    public var rowsRead = 0
    public var rowsLoaded = 0
    public var rowsRejected = 0
    public var encoding: TextEncoding?
    public var delimiter: String?
    public var extraColumns: [String] = []
    /// Rows that passed validation (before a quarantine sets `rowsLoaded` to 0), and the
    /// time spent in each streamed stage: what `etl_stages` records per file.
    var rowsValid = 0
    var stageSeconds: (validate: Double, transform: Double, load: Double) = (0, 0, 0)

    public init(status: Status, reason: String? = nil, message: String? = nil) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    static func quarantined(_ q: FileQuarantine, rowsRead: Int = 0) -> FileOutcome {
        var outcome = FileOutcome(status: .quarantined, reason: q.reason.rawValue, message: q.message)
        outcome.rowsRead = rowsRead
        outcome.rowsRejected = rowsRead
        return outcome
    }
}
