import Foundation
import PackagePlugin

/// Embeds the warehouse SQL (`schemas/`) and the demo (`pipelines/demo.json`,
/// `fixtures/demo/`) into the `Likvard` module at build time, so the binary needs no
/// files beside it and works from any working directory.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in ["schemas", "fixtures/demo"] {
            inputs += files(under: root.appendingPathComponent(folder))
        }
        inputs.append(root.appendingPathComponent("pipelines/demo.json"))
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding schemas and demo inbox",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    private func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker {
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            if isFile && !url.lastPathComponent.hasPrefix(".") { found.append(url) }
        }
        return found
    }
}
