import Foundation

// Usage: EmbedResources ROOT OUTPUT FILE...
// Writes a Swift file holding every FILE (path relative to ROOT) as base64 text.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedResources ROOT OUTPUT FILE...\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
var source = """
// Generated at build time by the EmbedResources plugin. Do not edit.
enum EmbeddedResources {
    /// Path relative to the package root → file bytes, base64-encoded.
    static let files: [String: String] = [

"""
for path in arguments.dropFirst(3) {
    let full = URL(fileURLWithPath: path).standardizedFileURL.path
    var relative = full
    if relative.hasPrefix(root + "/") { relative.removeFirst(root.count + 1) }
    let data = try Data(contentsOf: URL(fileURLWithPath: full))
    source += "        \"\(relative)\": \"\(data.base64EncodedString())\",\n"
}
source += "    ]\n}\n"
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
