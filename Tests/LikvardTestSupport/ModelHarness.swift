import Foundation
import Likvard
import LikvardSQL

/// dbt-style unit tests of one refresh model: a warehouse with its migrations and nothing
/// else, input rows written straight into the tables a model reads (no CSV, no load), then
/// the scope file and the model run from schemas/ as the refresh runs them.
public final class ModelHarness {
    private let dir = TempDirectory("likvard-model")
    public let db: Database

    /// A full refresh's scope, with the default settings (a pipeline file that sets none).
    public init() throws {
        let path = dir.path + "/w.sqlite"
        let warehouse = try Warehouse(path: path, forWriting: true)
        try warehouse.prepare(key: PupilKey(bytes: Array("model-test-key-0123456789-0123456789".utf8), source: "test"))
        db = try Database(path: path, create: false)
        try warehouse.writeRules(PipelineConfig())
        try db.execute("""
            insert into warehouse_meta (key, value) values ('refresh_full', '1') on conflict (key) do update set value = '1';
            insert into etl_runs (run_id, started_at, status, command, pid) values (1, '2025-01-01T00:00:00Z', 'succeeded', 'test', 1);
            """)
    }

    /// Runs the scope file, then each named model of schemas/derived/ (`"040_grades"`).
    public func run(_ models: String...) throws {
        for name in ["000_scope"] + models {
            try db.execute(try String(contentsOfFile: Built.packageRoot + "/schemas/derived/\(name).sql", encoding: .utf8))
        }
    }

    /// Runs models without the scope file first (after `run`, with scope rows added by hand).
    public func runWithoutScope(_ models: String...) throws {
        for name in models {
            try db.execute(try String(contentsOfFile: Built.packageRoot + "/schemas/derived/\(name).sql", encoding: .utf8))
        }
    }

    /// Records a grade file (etl_files), as first seen under its own id.
    public func gradeFile(_ fileID: Int) throws {
        try db.run("""
            insert into etl_files (file_id, run_id, feed, file_name, status, first_seen_file_id, recorded_at)
            values (?1, 1, 'betyg', 'betyg/' || ?1 || '.csv', 'loaded', ?1, '2025-01-01T00:00:00Z')
            """, fileID)
    }

    /// Rows of a query as text cells (NULL as "NULL").
    public func rows(_ sql: String) throws -> [[String]] {
        try db.rows(sql).map { $0.values.map(\.description) }
    }
}
