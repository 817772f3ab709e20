import Likvard

enum PipelineLoader {
    static func load(_ path: String) throws -> PipelineConfig {
        try PipelineConfig.load(path: path)
    }
}
