import Foundation
import MCP

// A stdio MCP server for the gateway's upstream tests: `greet` answers with the caller's name
// and this process id (so a restart is visible); `crash` exits at once without answering.
let server = Server(name: "upstream-fixture", version: "1.0", capabilities: .init(tools: .init(listChanged: false)))
await server.withMethodHandler(ListTools.self) { _ in
    ListTools.Result(tools: [
        Tool(
            name: "greet", description: "Greets someone",
            inputSchema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]),
        Tool(name: "crash", description: "Exits at once", inputSchema: ["type": "object"]),
    ])
}
await server.withMethodHandler(CallTool.self) { params in
    if params.name == "crash" { exit(3) }
    let name = params.arguments?["name"]?.stringValue ?? "nobody"
    return CallTool.Result(content: [.text(text: "hello \(name) from \(getpid())", annotations: nil, _meta: nil)])
}
try await server.start(transport: StdioTransport())
await server.waitUntilCompleted()
