import Foundation

/// `run --metrics-file` / `rerun --metrics-file`: the night in Prometheus' text exposition
/// format, for node_exporter's textfile collector. Written whole to a temporary file beside
/// the target and renamed over it, so the collector never reads half a file; written after
/// a failed run too, with what could be read.
public struct RunMetrics {
    /// What the warehouse says; nil when it could not be opened (the run failed before).
    public var warehouse: WarehouseFigures?
    public var exitCode: Int32
    public var runSeconds: Double
    /// Seconds per stage of this run (extract, validate, transform, load, refresh).
    public var stageSeconds: [String: Double] = [:]

    public init(exitCode: Int32, runSeconds: Double) {
        self.exitCode = exitCode
        self.runSeconds = runSeconds
    }

    /// Per feed and over the warehouse's whole record: files by status, rows loaded and
    /// rejected (`etl_files`), the files still quarantined, the newest file's age and
    /// freshness, the last finished run, the file's size.
    public struct WarehouseFigures {
        public var files: [(feed: String, status: String, count: Int)] = []
        public var rows: [(feed: String, loaded: Int, rejected: Int)] = []
        public var quarantinedWaiting: [String: Int] = [:]
        public var freshness: [FeedFreshness] = []
        public var lastSuccess: Date?
        public var sizeBytes: Int = 0
        public init() {}
    }

    public func text(now: Date = Date()) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for s in samples { out += name + (s.labels.isEmpty ? "" : "{\(s.labels)}") + " " + s.value + "\n" }
        }
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v) }
        family("likvard_run_exit_code", "gauge", "Exit code of the latest run (0 loaded, 3 quarantined a file, 4 busy, 1 a stage failed, 2 usage or configuration).",
               [("", "\(exitCode)")])
        family("likvard_run_duration_seconds", "gauge", "Wall-clock seconds of the latest run.", [("", number(runSeconds))])
        family("likvard_run_timestamp_seconds", "gauge", "Unix time the latest run ended.", [("", number(now.timeIntervalSince1970.rounded()))])
        family("likvard_stage_duration_seconds", "gauge", "Seconds the latest run spent per stage.",
               stageSeconds.sorted { $0.key < $1.key }.map { ("stage=\"\($0.key)\"", number($0.value)) })
        guard let w = warehouse else { return out }
        family("likvard_files_total", "counter", "Files recorded per feed and status over the warehouse's history (etl_files).",
               w.files.map { ("feed=\"\($0.feed)\",status=\"\($0.status)\"", "\($0.count)") })
        // every feed, 0 for one never seen: an alert can compare feeds without absent series
        let rows = Feed.allCases.map { feed in w.rows.first { $0.feed == feed.rawValue } ?? (feed.rawValue, 0, 0) }
        family("likvard_rows_loaded_total", "counter", "Rows loaded per feed over the warehouse's history (etl_files.rows_loaded).",
               rows.map { ("feed=\"\($0.feed)\"", "\($0.loaded)") })
        family("likvard_rows_rejected_total", "counter", "Rows rejected per feed over the warehouse's history (etl_files.rows_rejected).",
               rows.map { ("feed=\"\($0.feed)\"", "\($0.rejected)") })
        family("likvard_quarantined_files", "gauge", "Files still quarantined in their latest version, per feed.",
               Feed.allCases.map { ("feed=\"\($0.rawValue)\"", "\(w.quarantinedWaiting[$0.rawValue] ?? 0)") })
        family("likvard_feed_newest_file_age_seconds", "gauge", "Seconds since the feed's newest file arrived (calendar time); absent for a feed never seen.",
               w.freshness.compactMap { f in f.arrivedAt.map { ("feed=\"\(f.feed.rawValue)\"", number(max(0, now.timeIntervalSince($0)).rounded())) } })
        family("likvard_feed_freshness_status", "gauge", "The feed's freshness against the pipeline's freshness setting: 0 ok, 1 warn, 2 error.",
               w.freshness.map { ("feed=\"\($0.feed.rawValue)\"", $0.status == .ok ? "0" : $0.status == .warn ? "1" : "2") })
        if let last = w.lastSuccess {
            family("likvard_last_success_timestamp_seconds", "gauge", "Unix time the last run that finished (succeeded, or partial: a file quarantined) ended.",
                   [("", number(last.timeIntervalSince1970.rounded()))])
        }
        family("likvard_warehouse_size_bytes", "gauge", "Bytes of the warehouse file with its WAL.", [("", "\(w.sizeBytes)")])
        return out
    }

    /// Writes `text()` to `path` atomically (0644: metrics hold no personal data).
    public func write(to path: String, now: Date = Date()) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError("cannot write the metrics file \(path): folder \(folder) does not exist")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        do {
            try Data(text(now: now).utf8).write(to: URL(fileURLWithPath: temporary))
            chmod(temporary, 0o644)
            guard rename(temporary, path) == 0 else {
                throw ConfigurationError("cannot rename the metrics file into place at \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as ConfigurationError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw ConfigurationError("cannot write the metrics file \(path): \(error.localizedDescription)")
        }
    }
}
