import Foundation

/// The embedded demo: `pipelines/demo.json` over the fixture inbox (`fixtures/demo/inbox`)
/// with the fixture key, written out under a folder of the caller's choice so the binary
/// shows its work from any directory, even when copied elsewhere.
public enum Demo {
    /// The fingerprint of the embedded demo key: published with the code, so a real run
    /// with it is refused.
    static let keyFingerprint: String = {
        guard let bytes = Resources.data("fixtures/demo/demo.key"), let key = try? PupilKey(bytes: Array(bytes), source: "demo") else {
            fatalError("the embedded demo key is missing: a build bug")
        }
        return key.fingerprint
    }()

    public struct Setup {
        public let config: PipelineConfig
        public let keyFile: String
    }

    /// The demo pipeline pointed at the demo written under `folder`: its inbox, its
    /// warehouse and its key. `rerun --demo` uses it as it stands; `prepare` writes it first.
    public static func pipeline(in folder: String) throws -> Setup {
        var config = try PipelineConfig.parse(data: Resources.data("pipelines/demo.json")!,
                                              source: "pipelines/demo.json (embedded)", baseDirectory: folder)
        config.inbox = folder + "/inbox"
        config.warehouse = folder + "/warehouse.sqlite"
        config.keyFile = folder + "/demo.key"
        return Setup(config: config, keyFile: folder + "/demo.key")
    }

    /// Writes the demo inbox and key under `folder`, removes any earlier demo warehouse,
    /// and returns the demo pipeline pointed at them.
    public static func prepare(in folder: String) throws -> Setup {
        let fm = FileManager.default
        let inbox = folder + "/inbox"
        do {
            if fm.fileExists(atPath: inbox) { try fm.removeItem(atPath: inbox) }
            try fm.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            for path in Resources.paths(under: "fixtures/demo/inbox") {
                let target = inbox + "/" + path.dropFirst("fixtures/demo/inbox/".count)
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Resources.data(path)!.write(to: URL(fileURLWithPath: target))
            }
            let key = folder + "/demo.key"
            try Resources.data("fixtures/demo/demo.key")!.write(to: URL(fileURLWithPath: key))
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            let warehouse = folder + "/warehouse.sqlite"
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: warehouse + suffix) {
                try fm.removeItem(atPath: warehouse + suffix)
            }
            return try pipeline(in: folder)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("cannot write the demo under \(folder): \(error.localizedDescription)")
        }
    }
}
