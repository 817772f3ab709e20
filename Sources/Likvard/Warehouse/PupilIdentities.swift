import LikvardSQL

/// `pupil_identities`: one row per distinct identifier seen, holding its pseudonym and
/// what the identifier itself says (kind, birth year, sex: no more is needed) — never the identifier.
///
/// Identity keys are cached per normalised identifier, so the HMAC and the lookup happen
/// once per distinct pupil of a run, not per row. Bounded; cleared when full, and after a
/// rollback (the keys it holds may name rows that were undone).
final class PupilIdentities {
    private let db: Database
    private let key: PupilKey
    private var cache: [String: Int] = [:]
    private let cacheLimit = 32_768

    init(db: Database, key: PupilKey) {
        self.db = db
        self.key = key
    }

    /// The identity_key of `id`'s pseudonym, recorded the first time it is seen.
    func key(of id: PupilIdentifier) throws -> Int {
        if let known = cache[id.normalized] { return known }
        let pseudonym = key.pupilID(id.normalized)
        try db.statement("insert or ignore into pupil_identities (identity_id, kind, birth_year, sex) values (?, ?, ?, ?)")
            .execute(pseudonym, id.kind.rawValue, id.birthDate.year, id.sex?.rawValue)
        guard let identityKey = try db.scalar("select identity_key from pupil_identities where identity_id = ?", pseudonym).int else {
            fatalError("pupil_identities lost a row inside the transaction: a bug")
        }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[id.normalized] = identityKey
        return identityKey
    }

    /// Forgets every cached key (after a rollback, or when the loads are done).
    func forget() { cache = [:] }
}
