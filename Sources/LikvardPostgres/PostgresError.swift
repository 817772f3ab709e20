import Foundation

/// A failed PostgreSQL connection or statement, as one sentence a steward can act on.
/// It never carries a password (libpq's messages do not) nor bound values.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The URL does not parse, or carries a password.
        case badURL
        /// The server refused who we are: no password, a wrong one, an unknown role or database.
        case authentication
        /// No server answered (down, wrong host or socket): worth retrying later.
        case unreachable
        /// A statement failed; `sqlState` says why.
        case statement
    }

    public let kind: Kind
    public let message: String
    /// The five-character SQLSTATE of a failed statement (e.g. `42501`, insufficient privilege).
    public let sqlState: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// A mistake in what we were told (URL, credentials, privileges), not a passing failure:
    /// the command line's exit 2.
    public var isConfiguration: Bool {
        switch kind {
        case .badURL, .authentication: return true
        case .unreachable: return false
        case .statement:
            // 42501 insufficient privilege, 3D000 no such database, 28xxx authorization,
            // 0A000 feature not supported (a server older than 15).
            return ["42501", "3D000", "0A000"].contains(sqlState ?? "") || sqlState?.hasPrefix("28") == true
        }
    }

    public var description: String { message }

    /// libpq's message as one line: it spreads one failure over several ("connection to
    /// server … failed: …\n\tIs the server running …").
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
