import Foundation

/// Runs an export's `RecordValidation` (validate and transform) on a helper thread and hands the results over in
/// batches, so decompressing, splitting and validating (Swift) overlap with inserting
/// (SQLite, on the caller's thread): two cores instead of one for the load.
///
/// At most `maxBatches` batches wait, so memory stays bounded when the inserting side is
/// the slower one. The helper never touches the warehouse. `finish()` stops it and waits
/// until it has exited: only then may the caller use the reader again.
final class ValidationThread: @unchecked Sendable {   // all shared state is guarded by `condition`
    private let validation: RecordValidation
    private let condition = NSCondition()
    private var ready: [[ValidatedRecord]] = []
    private var failure: Error?
    private var stopped = false
    /// The helper has produced its last batch (or failed, or was stopped) and returned.
    private var exited = false
    /// 16 batches of 2,048 (about 8 MB at most) rather than 4 of 1,024: with both threads
    /// equally busy, a deeper queue absorbs their uneven moments (interleaved 2M run, four
    /// alternating runs each: 8.40 → 8.05 s mean).
    private let batchSize = 2048
    private let maxBatches = 16

    /// Starts validating at the reader's current record (`hasRecord`: whether there is one).
    init(_ validation: RecordValidation, hasRecord: Bool) {
        self.validation = validation
        let thread = Thread { [self] in produce(hasRecord: hasRecord) }
        thread.name = "likvard-validate"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch, in file order; nil after the last. Rethrows the helper's error
    /// (a truncated gzip stream, a read error).
    func nextBatch() throws -> [ValidatedRecord]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !exited { condition.wait() }
        if !ready.isEmpty {
            let batch = ready.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the helper (if it is still running) and waits for it to exit.
    func finish() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
    }

    private func produce(hasRecord: Bool) {
        var hasRecord = hasRecord
        var error: Error?
        do {
            while hasRecord {
                let batch = try validation.nextBatch(batchSize, hasRecord: &hasRecord)
                condition.lock()
                while ready.count >= maxBatches && !stopped { condition.wait() }
                let stop = stopped
                if !stop { ready.append(batch) }
                condition.broadcast()
                condition.unlock()
                if stop { break }
            }
        } catch let e {
            error = e
        }
        condition.lock()
        failure = error
        exited = true
        condition.broadcast()
        condition.unlock()
    }
}
