#!/usr/bin/env node
// The reference's three tools (ref-tools.mjs) over the official SDK's Streamable
// HTTP transport, the way its stateless example serves them: an Express app
// from createMcpExpressApp (Host-header check on loopback), and per POST a
// fresh McpServer and StreamableHTTPServerTransport with no sessions
// (sessionIdGenerator: undefined) and JSON answers (enableJsonResponse). One
// better-sqlite3 connection, opened like ref-server.mjs's.
//   node ref-http-server.mjs --db FILE [--port N] [--sync normal|full] [--journal wal|delete]
// Listens on 127.0.0.1 (port 0, the default, picks a free one) and says
//   ref-http-server: serving MCP at http://127.0.0.1:PORT/mcp
// on stderr once it accepts. SIGTERM or SIGINT closes it.
import { modulesRequire } from "./node-modules.mjs";
import { SCHEMA, openPragmas } from "./ledger-schema.mjs";
import { SERVER_INFO, referenceTools } from "./ref-tools.mjs";

const require = modulesRequire(["@modelcontextprotocol/sdk", "zod", "better-sqlite3", "express"]);
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StreamableHTTPServerTransport } = require("@modelcontextprotocol/sdk/server/streamableHttp.js");
const { createMcpExpressApp } = require("@modelcontextprotocol/sdk/server/express.js");
const Database = require("better-sqlite3");

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const dbPath = arg("db");
const port = Number(arg("port", "0"));
if (!dbPath || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("usage: node ref-http-server.mjs --db FILE [--port N] [--sync normal|full] [--journal wal|delete]");
  process.exit(2);
}
const db = new Database(dbPath);
openPragmas(db, { journal: arg("journal", "wal"), sync: arg("sync", "normal") });
db.exec(SCHEMA);
const register = referenceTools(db);

const app = createMcpExpressApp({ host: "127.0.0.1" });
app.post("/mcp", async (req, res) => {
  const server = new McpServer(SERVER_INFO);
  register(server);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    transport.close();
    server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error("ref-http-server: request failed:", error);
    if (!res.headersSent)
      res.status(500).json({ jsonrpc: "2.0", error: { code: -32603, message: "Internal server error" }, id: null });
  }
});
const notAllowed = (req, res) =>
  res.status(405).set("Allow", "POST").json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null });
app.get("/mcp", notAllowed);
app.delete("/mcp", notAllowed);

const listener = app.listen(port, "127.0.0.1", (error) => {
  if (error) {
    console.error(`ref-http-server: cannot listen: ${error.message}`);
    process.exit(1);
  }
  console.error(`ref-http-server: serving MCP at http://127.0.0.1:${listener.address().port}/mcp (ledger ${dbPath})`);
});
const stop = () => {
  listener.close();
  listener.closeAllConnections?.();
  db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
