/// The public tier's disclosure control (docs/disclosure.md): primary suppression is not
/// enough once published rows overlap, because a share times a count is an exact number of
/// pupils, and the difference of two rows then discloses a group no row shows. The rules,
/// applied together until nothing changes (a suppression can expose another cell):
///
/// 1. primary: fewer than `threshold` → suppressed (and, rule 4, a row whose mean is hidden
///    under its own rule counts as suppressed: the caller marks it so);
/// 2. remainder: for a row B whose group lies inside row A's (same keys otherwise),
///    d = n(A) − n(B) with 0 < d < threshold → one of the two is suppressed: B, or A where
///    the pair says the outer row gives way (`public_keeps`);
/// 3. complement: in a margin (the rows that with a shown total make up its group), never
///    exactly one suppressed cell — else the shown cell with the fewest pupils (ties: the
///    first in key order) is suppressed too;
/// 6, 7. hidden sums: where the members of a group add up to a known total — the newcomer
///    cells of a term and grade year (the schools' newcomer rows hold the same pupils), the
///    school rows under a shown city row — the suppressed members must hold 0 or at least
///    `threshold` pupils together; while they hold 1 to threshold − 1, the shown member with
///    the fewest (ties: the first in key order) is suppressed too.
///
/// Rule 5 (a shown share of exactly 0 or 1 gives that share to every group inside it) hides a
/// share, not a row: `insidesOf` gives the rows nested in a row, for the caller to apply it
/// once the suppression is settled. Deterministic: the same cells give the same result.
struct DifferencingProtection {
    struct Cell {
        let n: Int
        var suppressed: Bool
        /// Key order, for ties.
        let order: Int
    }

    /// Which row of a nested pair is suppressed when their difference is under the threshold.
    enum GivesWay { case inner, outer }

    private(set) var cells: [Cell]
    /// (A, B, who gives way): B's group is a subset of A's.
    private var nested: [(outer: Int, inner: Int, givesWay: GivesWay)] = []
    /// (total, parts): the parts make up the total's group.
    private var margins: [(total: Int, parts: [Int])] = []
    /// (anchor, members, who gives way): the members add up to a known total — always
    /// (anchor nil), or while the anchor row is shown; while the hidden members hold 1 to
    /// threshold − 1, the shown member with the fewest is suppressed — or the anchor itself,
    /// where it gives way (a newcomer margin over its cells).
    private var sums: [(anchor: Int?, members: [Int], anchorGivesWay: Bool)] = []
    /// Rows whose every group lies inside another row's, for rule 5: outer → inners.
    private var insides: [Int: [Int]] = [:]
    let threshold: Int

    init(counts: [(n: Int, suppressed: Bool)], threshold: Int) {
        cells = counts.enumerated().map { Cell(n: $0.element.n, suppressed: $0.element.suppressed, order: $0.offset) }
        self.threshold = threshold
    }

    mutating func nest(_ inner: Int, in outer: Int, givesWay: GivesWay = .inner) {
        nested.append((outer, inner, givesWay))
        contain(inner, in: outer)
    }

    mutating func margin(total: Int, parts: [Int]) { margins.append((total, parts)) }

    mutating func hiddenSum(of members: [Int], anchor: Int? = nil, anchorGivesWay: Bool = false) {
        sums.append((anchor, members, anchorGivesWay))
        if let anchor { for m in members { contain(m, in: anchor) } }
    }

    /// `inner`'s group lies inside `outer`'s (for rule 5 only).
    mutating func contain(_ inner: Int, in outer: Int) { insides[outer, default: []].append(inner) }

    /// The rows whose groups lie inside `row`'s.
    func insidesOf(_ row: Int) -> [Int] { insides[row] ?? [] }

    /// Applies the rules until nothing changes; returns the cells suppressed now.
    mutating func apply() -> [Bool] {
        for i in cells.indices where cells[i].n < threshold { cells[i].suppressed = true }
        var changed = true
        while changed {
            changed = false
            for (a, b, givesWay) in nested where !cells[a].suppressed && !cells[b].suppressed {
                let d = cells[a].n - cells[b].n
                guard d > 0 && d < threshold else { continue }
                cells[givesWay == .inner ? b : a].suppressed = true
                changed = true
            }
            for (total, parts) in margins where !cells[total].suppressed {
                guard parts.filter({ cells[$0].suppressed }).count == 1, let next = fewest(parts) else { continue }
                cells[next].suppressed = true
                changed = true
            }
            for (anchor, members, anchorGivesWay) in sums where anchor.map({ !cells[$0].suppressed }) ?? true {
                let hidden = members.filter { cells[$0].suppressed }.map { cells[$0].n }.reduce(0, +)
                guard hidden > 0 && hidden < threshold else { continue }
                if anchorGivesWay, let anchor {
                    cells[anchor].suppressed = true
                } else if let next = fewest(members) {
                    cells[next].suppressed = true
                } else {
                    continue
                }
                changed = true
            }
        }
        return cells.map(\.suppressed)
    }

    /// The shown cell among `members` with the fewest pupils (ties: the first in key order).
    private func fewest(_ members: [Int]) -> Int? {
        members.filter { !cells[$0].suppressed }.min { (cells[$0].n, cells[$0].order) < (cells[$1].n, cells[$1].order) }
    }
}
