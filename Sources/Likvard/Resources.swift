import Foundation

/// Files embedded at build time (see Plugins/EmbedResourcesPlugin): the warehouse SQL,
/// the source schemas and the demo inbox.
enum Resources {
    static func data(_ path: String) -> Data? {
        EmbeddedResources.files[path].flatMap { Data(base64Encoded: $0) }
    }

    static func text(_ path: String) -> String? {
        data(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every embedded path under `folder`, sorted.
    static func paths(under folder: String) -> [String] {
        EmbeddedResources.files.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
    }
}
