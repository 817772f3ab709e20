// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Likvard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "likvard", targets: ["likvard"]),
        .library(name: "Likvard", targets: ["Likvard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, each behind one system-library target with a shim.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        // prctl(2), variadic in C: one wrapped call.
        .target(name: "CProcess"),

        // Byte streams, text decoding, CSV: knows nothing of schools.
        .target(name: "LikvardIO", dependencies: ["CZlib"]),
        // The SQLite layer: knows nothing of schools.
        .target(name: "LikvardSQL", dependencies: ["CSQLite"]),
        // The PostgreSQL client (libpq): knows nothing of schools.
        .target(name: "LikvardPostgres", dependencies: ["CPostgres"]),
        // The domain and the pipeline.
        .target(
            name: "Likvard",
            dependencies: [
                "LikvardIO", "LikvardSQL", "LikvardPostgres", "CProcess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedResourcesPlugin"]
        ),
        // The thin command line.
        .executableTarget(
            name: "likvard",
            dependencies: [
                "Likvard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Benchmarks and the read path as a measurable child process (`make bench`).
        .executableTarget(name: "likvard-bench", dependencies: ["LikvardIO", "Likvard"]),

        // Build-time embedding of schemas/*.sql and the demo inbox, so the binary
        // works from any directory and when copied elsewhere.
        .executableTarget(name: "EmbedResources"),
        .plugin(name: "EmbedResourcesPlugin", capability: .buildTool(),
                dependencies: ["EmbedResources"]),

        // Test helpers and the independent model of the contract (never in the product).
        .target(name: "LikvardTestSupport",
                dependencies: ["Likvard", "LikvardSQL", "LikvardIO", "LikvardPostgres", "CZlib",
                               .product(name: "Crypto", package: "swift-crypto")],
                path: "Tests/LikvardTestSupport"),
        .testTarget(name: "LikvardIOTests", dependencies: ["LikvardIO", "LikvardTestSupport"]),
        .testTarget(name: "LikvardSQLTests", dependencies: ["LikvardSQL"]),
        .testTarget(name: "LikvardTests", dependencies: ["Likvard", "LikvardSQL", "LikvardTestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Likvard", "LikvardSQL", "LikvardTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["LikvardSQL", "LikvardPostgres", "LikvardTestSupport"]),
    ]
)
