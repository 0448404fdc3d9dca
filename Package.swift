// swift-tools-version: 6.1
import PackageDescription

// Layering (enforced here: a target imports only what it lists; docs/architecture.md draws it).
// ApprovalModel: the wire model, errors, snapshots, connection state, journal entries; values only, no I/O.
// TOMLSupport (TOMLKit), SQLiteSupport (GRDB), ProcessSupport: small shared helpers, no console or server code.
// ApprovalViewModels -> ApprovalModel, TOMLSupport only: no GRDB, networking, curses or file system.
// ApprovalClient -> ApprovalModel (+ GRDB, Yams, URLSession): PreloopClient, config, Poller, LocalStore.
// ApprovalServer -> ApprovalModel, never ApprovalClient or the console; only HTTP/ (the listener) and
// Push/UnifiedSocketHandler.swift import Hummingbird.
// ApprovalPush -> ApprovalClient + WSClient (swift-nio, swift-nio-ssl): kept out of ApprovalClient so its tests stay light.
// ApprovalMCP -> ApprovalServer, ApprovalClient, MCP (the gateway mounts into the server through ServerMount).
// ApprovalTUI (the executable) -> all of them, and CursesBridge: the only target that runs effects on a terminal.
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
        // The local server's HTTP and websocket (SwiftNIO underneath, already built for swift-websocket).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        // Named because the server uses their modules directly; all are already dependencies of the two above.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.0"),
        // Already a dependency of swift-sdk; named here because ApprovalMCP hands file descriptors to its stdio transport.
        .package(url: "https://github.com/apple/swift-system", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.4.0"),
        // Already in the graph through swift-websocket; named here for SHA-256 of token secrets.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // TOML (toml++ underneath) for config.toml, policies.toml and themes; YAML for ~/.preloop/config.yaml.
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        // A team's server keeps its state in PostgreSQL (`serve --database postgres://…`); SwiftNIO is already built.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // Already in the graph through postgres-nio; named here for a TLS connection to the database.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CursesBridge",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The wire model, errors, snapshots, connection state and journal entries: values only, no I/O.
        .target(name: "ApprovalModel"),
        // TOML text to tables that know each key's line (TOMLKit parses; no I/O).
        .target(name: "TOMLSupport", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // argv[0] found the way execvp finds it (the server's tools and flows, the console's notify-send).
        .target(name: "ProcessSupport"),
        // Text columns stored losslessly (GRDB binds a String as a C string; U+0000 would cut it).
        .target(name: "SQLiteSupport", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "ApprovalClient",
            dependencies: [
                "ApprovalModel", "TOMLSupport", "SQLiteSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        // A real HTTP peer on loopback for tests and benchmarks (replayed Preloop, hostile server, fixed queue).
        .target(
            name: "LoopbackHTTP",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ApprovalPush",
            dependencies: [
                "ApprovalModel", "ApprovalClient",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ApprovalViewModels",
            dependencies: ["ApprovalModel", "TOMLSupport"]
        ),
        .target(
            name: "ApprovalServer",
            dependencies: [
                "ApprovalModel", "TOMLSupport", "SQLiteSupport", "ProcessSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ApprovalMCP",
            dependencies: [
                "ApprovalServer", "ApprovalClient", "ApprovalModel",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
                // Already in the graph (swift-sdk); the proxy's strict transport names the logger type.
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README-snippet.md"]
        ),
        .executableTarget(
            name: "ApprovalTUI",
            dependencies: [
                "ApprovalModel", "ApprovalClient", "ApprovalViewModels", "ApprovalServer", "ApprovalMCP", "ApprovalPush", "CursesBridge", "TOMLSupport",
                "ProcessSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The performance budgets as figures: `swift run -c release approval-bench` (see Benchmarks/README.md).
        .executableTarget(
            name: "ApprovalBenchmarks",
            dependencies: [
                "ApprovalModel", "ApprovalClient", "ApprovalViewModels", "ApprovalServer", "LoopbackHTTP", "ApprovalMCP",
                "ProcessSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/ApprovalBenchmarks"
        ),
        .testTarget(
            name: "ApprovalClientTests",
            dependencies: [
                "ApprovalModel", "ApprovalClient", "ApprovalServer", "ApprovalViewModels", "LoopbackHTTP", "TOMLSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ViewModelTests",
            dependencies: ["ApprovalViewModels", "ApprovalModel", "TOMLSupport",
                           // Only KeymapOverrideTests: config text through ConsoleConfigFile to a keymap.
                           "ApprovalClient"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "ApprovalServerTests",
            dependencies: [
                "ApprovalServer", "ApprovalClient", "ApprovalModel", "TOMLSupport", "ProcessSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Creating a database per test and cutting a replica's connections.
                .product(name: "PostgresNIO", package: "postgres-nio"),
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
                "ApprovalMCP", "ApprovalServer", "ApprovalClient", "ApprovalModel",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "ApprovalPushTests",
            dependencies: ["ApprovalPush", "ApprovalServer", "ApprovalClient", "ApprovalModel"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ApprovalServer", "ApprovalClient", "ApprovalModel", "ApprovalTUI", "LoopbackHTTP", "ProcessSupport",
                // The MCP gateway mounted in a fixture server (agents wired over HTTP).
                "ApprovalMCP",
                // A hostile server in the command-line tests (Hummingbird is built for the server anyway).
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
