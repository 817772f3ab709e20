/// The public tier's disclosure control (shared/contract/publish.md, "Differencing
/// protection"): primary suppression is not enough once published rows overlap, because
/// a share times a count is an exact number of pupils, and the difference of two rows
/// then discloses a group no row shows. Three rules, applied together until nothing
/// changes (a suppression can expose another cell):
///
/// 1. primary: fewer than `threshold` → suppressed;
/// 2. remainder: for a row B whose group lies inside row A's (same keys otherwise),
///    d = n(A) − n(B) with 0 < d < threshold → B suppressed;
/// 3. complement: in a margin (the rows that with a shown total make up its group), never
///    exactly one suppressed cell — else the shown cell with the fewest pupils (ties: the
///    first in key order) is suppressed too.
///
/// Deterministic: the same cells give the same result.
struct DifferencingProtection {
    struct Cell {
        let n: Int
        var suppressed: Bool
        /// Key order, for ties.
        let order: Int
    }

    private(set) var cells: [Cell]
    /// (A, B): B's group is a subset of A's.
    private var nested: [(outer: Int, inner: Int)] = []
    /// (total, parts): the parts make up the total's group.
    private var margins: [(total: Int, parts: [Int])] = []
    let threshold: Int

    init(counts: [(n: Int, suppressed: Bool)], threshold: Int) {
        cells = counts.enumerated().map { Cell(n: $0.element.n, suppressed: $0.element.suppressed, order: $0.offset) }
        self.threshold = threshold
    }

    mutating func nest(_ inner: Int, in outer: Int) { nested.append((outer, inner)) }
    mutating func margin(total: Int, parts: [Int]) { margins.append((total, parts)) }

    /// Applies the three rules until nothing changes; returns the cells suppressed now.
    mutating func apply() -> [Bool] {
        for i in cells.indices where cells[i].n < threshold { cells[i].suppressed = true }
        var changed = true
        while changed {
            changed = false
            for (a, b) in nested where !cells[b].suppressed {
                let d = cells[a].n - cells[b].n
                if d > 0 && d < threshold {
                    cells[b].suppressed = true
                    changed = true
                }
            }
            for (total, parts) in margins where !cells[total].suppressed {
                guard parts.filter({ cells[$0].suppressed }).count == 1,
                      let next = parts.filter({ !cells[$0].suppressed })
                        .min(by: { (cells[$0].n, cells[$0].order) < (cells[$1].n, cells[$1].order) }) else { continue }
                cells[next].suppressed = true
                changed = true
            }
        }
        return cells.map(\.suppressed)
    }
}
