import Foundation
import MCP

// A stdio MCP server for the gateway's upstream tests: `greet` answers with the caller's name
// and this process id (so a restart is visible); `crash` exits at once without answering;
// `report` lists the descriptors this process was started with (read before anything else runs)
// and its APPROVAL_TUI_* / PRELOOP_* environment; `fail` answers with isError and its own message (`message`);
// `odd` has a C1 control and a bidi override in its description, text and structured content.
// Each `greet` appends a line to $FIXTURE_LOG when set (so a test counts runs across restarts);
// with $FIXTURE_CRASH_AFTER_LIST_MS the process exits that long after listing its tools.
// `slow` answers after `ms` milliseconds (default 1000); `err` answers with a JSON-RPC error
// (code -32000, its `message` or "boom"). $FIXTURE_LIST_DELAY_MS delays the answer to tools/list;
// the tools named in the file at $FIXTURE_HIDE_FILE (one a line, read at each tools/list) are not listed.
let inherited: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    // The directory's own descriptor is closed by now, so it no longer resolves and drops out.
    return names.compactMap { name in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")).map { "fd \(name) \($0)" }
    }.sorted()
}()
let server = Server(name: "upstream-fixture", version: "1.0", capabilities: .init(tools: .init(listChanged: false)))
await server.withMethodHandler(ListTools.self) { _ in
    if let delay = ProcessInfo.processInfo.environment["FIXTURE_LIST_DELAY_MS"].flatMap(Int.init) {
        try? await Task.sleep(for: .milliseconds(delay))
    }
    let hidden = ProcessInfo.processInfo.environment["FIXTURE_HIDE_FILE"]
        .flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.split(separator: "\n").map(String.init) ?? []
    if let delay = ProcessInfo.processInfo.environment["FIXTURE_CRASH_AFTER_LIST_MS"].flatMap(Int.init) {
        Task {
            try? await Task.sleep(for: .milliseconds(delay))
            exit(4)
        }
    }
    let tools = [
        Tool(
            name: "greet", description: "Greets someone",
            inputSchema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]),
        Tool(name: "crash", description: "Exits at once", inputSchema: ["type": "object"]),
        Tool(name: "report", description: "Inherited descriptors and environment", inputSchema: ["type": "object"]),
        Tool(name: "args", description: "The arguments as received, as JSON with sorted keys", inputSchema: ["type": "object"]),
        Tool(name: "fail", description: "Fails with isError", inputSchema: ["type": "object"]),
        Tool(name: "slow", description: "Answers after `ms` milliseconds", inputSchema: ["type": "object"]),
        Tool(name: "err", description: "Answers with a JSON-RPC error", inputSchema: ["type": "object"]),
        // A hostile upstream: C1 CSI (U+009B) and a right-to-left override in its words and results.
        Tool(name: "odd", description: "Odd \u{9B}2J words\u{202E}", inputSchema: ["type": "object"]),
    ]
    return ListTools.Result(tools: tools.filter { !hidden.contains($0.name) })
}
await server.withMethodHandler(CallTool.self) { params in
    if params.name == "crash" { exit(3) }
    if params.name == "report" {
        let environment = ProcessInfo.processInfo.environment
            .filter { $0.key.hasPrefix("APPROVAL_TUI_") || $0.key.hasPrefix("PRELOOP_") || $0.key == "FIXTURE_SETTING" }
            .map { "env \($0.key)=\($0.value)" }.sorted()
        return CallTool.Result(content: [.text(text: (inherited + environment).joined(separator: "\n"), annotations: nil, _meta: nil)])
    }
    if params.name == "args" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(params.arguments ?? [:]), as: UTF8.self)
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)])
    }
    if params.name == "slow" {
        let ms = params.arguments?["ms"]?.intValue ?? 1000
        try? await Task.sleep(for: .milliseconds(ms))
        return CallTool.Result(content: [.text(text: "slept \(ms) ms in \(getpid())", annotations: nil, _meta: nil)])
    }
    if params.name == "err" {
        throw MCPError.serverError(code: -32000, message: params.arguments?["message"]?.stringValue ?? "boom")
    }
    if params.name == "odd" {
        return try CallTool.Result(
            content: [.text(text: "odd \u{9B}2J\u{202E}", annotations: nil, _meta: nil)],
            structuredContent: ["k\u{9B}": "v\u{202E}"])
    }
    if params.name == "fail" {
        let message = params.arguments?["message"]?.stringValue ?? "the disk is full"
        return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
    let name = params.arguments?["name"]?.stringValue ?? "nobody"
    if let log = ProcessInfo.processInfo.environment["FIXTURE_LOG"], let handle = FileHandle(forWritingAtPath: log) {
        handle.seekToEndOfFile()
        handle.write(Data("greet \(name)\n".utf8))
        handle.closeFile()
    }
    return CallTool.Result(content: [.text(text: "hello \(name) from \(getpid())", annotations: nil, _meta: nil)])
}
try await server.start(transport: StdioTransport())
await server.waitUntilCompleted()
