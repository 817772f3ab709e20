import LikvardIO
import LikvardSQL

/// Writes rejected rows to `etl_rejects`, masking every pupil identifier in the message
/// and the raw line.
final class RejectLog {
    private let db: Database

    init(db: Database) { self.db = db }

    func record(fileID: Int, line: Int, reason: RejectReason, column: String?, message: String, rawLine: String) throws {
        try db.statement("""
            insert into etl_rejects (file_id, line_number, reason_code, column_name, message, raw_line)
            values (?, ?, ?, ?, ?, ?)
            """).execute(fileID, line, reason.rawValue, column, IdentifierMask.mask(message),
                         IdentifierMask.mask(rawLine))
    }
}
