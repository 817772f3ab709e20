import Foundation

/// The page around the sections: inline CSS only, nothing fetched.
enum Page {
    static func wrap(title: String, generatedAt: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #1f5f9f; padding-bottom: 0.2rem; margin-top: 2.5rem; }
        nav a { margin-right: 1rem; } figure { margin: 1.5rem 0; display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figcaption { flex-basis: 100%; font-size: 0.9rem; color: #444; }
        table { border-collapse: collapse; font-size: 0.85rem; margin-bottom: 1rem; } caption { text-align: left; font-weight: bold; margin-bottom: 0.3rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; } thead th { background: #eef3f8; } .num { text-align: right; }
        .missing { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.5rem 1rem; } .note { font-size: 0.85rem; color: #444; }
        .progress { display: inline-block; position: relative; width: 100px; height: 8px; background: #e3e3e3; vertical-align: middle; }
        .progress .done { position: absolute; left: 0; top: 0; height: 8px; background: #3a8f3a; } .progress .behind { background: #b8462e; }
        .progress .elapsed { position: absolute; top: -3px; width: 2px; height: 14px; background: #1a1a1a; }
        </style>
        </head>
        <body>
        <header>
        <h1>\(Markup.escape(title))</h1>
        <p>Rapport till utbildningsnämnden från Likvärd: gör strategierna mot ökande kunskapsskillnader skillnad? Skapad \(Markup.escape(generatedAt)).</p>
        <nav><a href="#spridning">Spridning mellan skolor</a><a href="#nyanlanda">Nyanlända elever</a><a href="#signaler">Skolor med signaler</a><a href="#fokusomraden">Fokusområden</a><a href="#insatser">Ger insatserna resultat?</a><a href="#sammanhang">I sitt sammanhang</a><a href="#underlag">Underlag</a></nav>
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static func figure(_ svg: String, caption: String, table: String) -> String {
        "<figure>\n\(svg)\n<div class=\"data\">\n\(table)</div>\n<figcaption>\(Markup.escape(caption))</figcaption>\n</figure>\n"
    }

    static func missing(_ text: String) -> String { "<p class=\"missing\">\(Markup.escape(text))</p>\n" }
}
