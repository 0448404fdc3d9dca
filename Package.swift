// swift-tools-version: 6.1
import PackageDescription

// Layering (enforced here): ApprovalTUI -> ApprovalViewModels, ApprovalClient, ApprovalServer, ApprovalMCP, ApprovalPush,
// CursesBridge.
// ApprovalMCP -> ApprovalServer, ApprovalClient, MCP (the gateway mounts into the server through ServerMount).
// ApprovalViewModels -> ApprovalClient (wire model only). ApprovalServer -> ApprovalClient (wire model).
// ApprovalPush -> ApprovalClient + WSClient (swift-nio, swift-nio-ssl): kept out of ApprovalClient so its tests stay light.
// ApprovalServer never imports the console; ApprovalViewModels imports no curses, sockets or SQLite.
let package = Package(
    name: "approval-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "approval-tui", targets: ["ApprovalTUI"]),
        .executable(name: "approval-bench", targets: ["ApprovalBenchmarks"]),
        .library(name: "ApprovalClient", targets: ["ApprovalClient"]),
        .library(name: "ApprovalServer", targets: ["ApprovalServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.0"),
        // Already a dependency of swift-sdk; named here because ApprovalMCP hands file descriptors to its stdio transport.
        .package(url: "https://github.com/apple/swift-system", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.4.0"),
        // Already in the graph through swift-websocket; named here for SHA-256 of token secrets.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CursesBridge",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "ApprovalClient",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "ApprovalPush",
            dependencies: [
                "ApprovalClient",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ApprovalViewModels",
            dependencies: ["ApprovalClient"]
        ),
        .target(
            name: "ApprovalServer",
            dependencies: [
                "ApprovalClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ApprovalMCP",
            dependencies: [
                "ApprovalServer", "ApprovalClient",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["README-snippet.md"]
        ),
        .executableTarget(
            name: "ApprovalTUI",
            dependencies: [
                "ApprovalClient", "ApprovalViewModels", "ApprovalServer", "ApprovalMCP", "ApprovalPush", "CursesBridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The performance budgets as figures: `swift run -c release approval-bench` (see Benchmarks/README.md).
        .executableTarget(
            name: "ApprovalBenchmarks",
            dependencies: [
                "ApprovalClient", "ApprovalViewModels", "ApprovalServer",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Benchmarks/ApprovalBenchmarks"
        ),
        .testTarget(
            name: "ApprovalClientTests",
            dependencies: [
                "ApprovalClient", "ApprovalServer",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ViewModelTests",
            dependencies: ["ApprovalViewModels", "ApprovalClient"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "ApprovalServerTests",
            dependencies: [
                "ApprovalServer", "ApprovalClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A tiny stdio MCP server the upstream tests start as a child process.
        .executableTarget(
            name: "UpstreamFixture",
            dependencies: [.product(name: "MCP", package: "swift-sdk")],
            path: "Tests/UpstreamFixture"
        ),
        .testTarget(
            name: "ApprovalMCPTests",
            dependencies: [
                "ApprovalMCP", "ApprovalServer", "ApprovalClient",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "ApprovalPushTests",
            dependencies: ["ApprovalPush", "ApprovalServer", "ApprovalClient"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ApprovalServer", "ApprovalClient", "ApprovalTUI",
                // A hostile server in the command-line tests (FlyingFox is built for the server anyway).
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
