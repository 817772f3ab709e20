import Foundation

/// A page measured in the real Chromium, headless: a script in the page measures every
/// chart and leaves its findings as `data-*` attributes on `<body>`, which `--dump-dom`
/// reads back. The board report's and the school pages' tests share it.
public enum BrowserProbe {
    /// Per SVG: texts reaching past its edge (`data-clipped`), charts without a data mark —
    /// marks carry a `<title>` — (`data-empty`); `data-svgs` counts the SVGs.
    public static let script = """
        <script>
        const clipped = [], empty = [];
        document.querySelectorAll('svg').forEach((svg, i) => {
          const box = svg.getBoundingClientRect();
          svg.querySelectorAll('text').forEach(t => {
            const r = t.getBoundingClientRect();
            if (r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) clipped.push(i + ':' + t.textContent);
          });
          if (svg.querySelectorAll('circle > title, rect > title').length === 0) empty.push(i);
        });
        document.body.setAttribute('data-svgs', document.querySelectorAll('svg').length);
        document.body.setAttribute('data-clipped', JSON.stringify(clipped));
        document.body.setAttribute('data-empty', JSON.stringify(empty));
        </script>
        """

    public struct Result {
        public let exitCode: Int32
        public let stderr: String
        public let dom: String
        public func attribute(_ name: String) -> String? {
            guard let range = dom.range(of: "data-\(name)=\"") else { return nil }
            return String(dom[range.upperBound...].prefix { $0 != "\"" })
        }
        public var svgs: Int { attribute("svgs").flatMap(Int.init) ?? 0 }
    }

    /// Writes `html` (with `script` before its `</body>`) to `folder/name.html` and renders
    /// it at `window` ("1280,2000") with a profile of its own.
    public static func run(_ html: String, in folder: String, name: String, window: String) throws -> Result {
        let page = folder + "/\(name).html"
        try html.replacingOccurrences(of: "</body>", with: script + "</body>").write(toFile: page, atomically: true, encoding: .utf8)
        let r = try ChildProcess.run("/usr/bin/chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=\(folder)/chromium-\(name)", "--window-size=\(window)", "--dump-dom", "file://\(page)"])
        return Result(exitCode: r.exitCode, stderr: r.stderr, dom: r.stdout)
    }
}
