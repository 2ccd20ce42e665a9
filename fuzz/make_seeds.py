#!/usr/bin/env python3
"""Writes the protocol targets' seed corpus (fuzz/corpus/dispatcher and
http_endpoint): one call of every tool in test/mcp/tools_list.json with
arguments made from its input schema, in both eras, plus sessions that create
things and use them. Rerun after tools change; the other targets' seeds are
written by hand."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = json.load(open(os.path.join(ROOT, "test/mcp/tools_list.json")))["tools"]
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {}}
INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "fuzz", "version": "1"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


def sample(schema, name=""):
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    t = schema.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    if t == "string":
        if schema.get("format") == "date" or name.lower().endswith("date") or name == "deadline":
            return "2026-03-01"
        if "pattern" in schema and "0-9" in schema["pattern"]:
            return "12.50"
        if name.endswith("Id"):
            return name[:-2].lower()[:3] + "_01JD4X7M2QF8K3NZPA"
        if "currency" in name.lower():
            return "USD"
        if "url" in name.lower():
            return "https://shop.example.com/p"
        return "Coffee " + name
    if t == "integer":
        return 1
    if t == "number":
        return 1
    if t == "boolean":
        return True
    if t == "array":
        return [sample(schema.get("items", {}), name)]
    if t == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: sample(v, k) for k, v in props.items() if k in schema.get("required", props.keys())}
    return "x"


def call(i, tool, args, modern=False):
    params = {"name": tool, "arguments": args}
    if modern:
        params["_meta"] = META
    return {"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": params}


def write(folder, name, messages, http=False):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
        if http:  # one POST: headers, a blank line, the body
            m = messages[-1]
            body = json.dumps(m, separators=(",", ":"))
            modern = "_meta" in m.get("params", {})
            out.write("content-type: application/json\naccept: application/json, text/event-stream\n")
            out.write(f"mcp-protocol-version: {'2026-07-28' if modern else '2025-06-18'}\n")
            if modern:
                out.write(f"mcp-method: {m['method']}\n")
                if m["method"] == "tools/call":
                    out.write(f"mcp-name: {m['params']['name']}\n")
            out.write("\n" + body)
        else:
            out.write("".join(json.dumps(m, separators=(",", ":")) + "\n" for m in messages))


def main():
    disp = os.path.join(ROOT, "fuzz/corpus/dispatcher")
    http = os.path.join(ROOT, "fuzz/corpus/http_endpoint")
    for t in TOOLS:
        args = sample(t["inputSchema"])
        write(disp, f"legacy-{t['name']}", [INIT, INITIALIZED, call(1, t["name"], args)])
        write(disp, f"modern-{t['name']}", [call("a", t["name"], args, modern=True)])
        write(http, f"modern-{t['name']}", [call(7, t["name"], args, modern=True)], http=True)
        write(http, f"legacy-{t['name']}", [call(7, t["name"], args)], http=True)
    lists = [INIT, INITIALIZED, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
             {"jsonrpc": "2.0", "id": 2, "method": "ping"},
             {"jsonrpc": "2.0", "id": 3, "method": "resources/list"},
             {"jsonrpc": "2.0", "id": 4, "method": "prompts/list"},
             {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}}]
    write(disp, "session-lists", lists)
    write(disp, "modern-discover", [{"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": META}},
                                   {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {"_meta": META}},
                                   {"jsonrpc": "2.0", "id": 3, "method": "subscriptions/listen", "params": {"_meta": META}}])
    write(http, "modern-tools-list", [{"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {"_meta": META}}], http=True)
    write(http, "legacy-initialize", [INIT], http=True)
    batch = [{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "f", "version": "1"}}},
             INITIALIZED]
    with open(os.path.join(disp, "batch-2025-03-26"), "w") as out:
        out.write("".join(json.dumps(m) + "\n" for m in batch))
        out.write(json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "ping"}, call(2, "ledger_get_balances", {})]) + "\n")
    # A session that makes things and then uses their ids: the fixture mints the
    # same ids for every input (TALLY_SEED), so these seeds reach past "not found".
    session = [INIT, INITIALIZED,
               call(1, "ledger_create_account", {"name": "Checking", "type": "asset"}),
               call(2, "ledger_create_category", {"name": "Dining", "kind": "expense"}),
               call(3, "ledger_create_person", {"name": "Sam"}),
               call(4, "extrack_get_context", {}),
               call(5, "invoicing_create_customer", {"name": "Acme"}),
               call(6, "invoicing_record_expense", {"vendor": "Cafe", "amount": "4.50"}),
               call(7, "rewards_add_card", {}),
               call(8, "ledger_get_balances", {})]
    write(disp, "session-create", session)
    bad = ['{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"invoicing_record_expense","arguments":{"vendor":"x","amount":1e400}}}',
           '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ledger_create_account\\u0000","arguments":{}}}',
           '[]', '{"jsonrpc":"2.0","id":[1],"method":"ping"}', '{"jsonrpc":"2.0","id":3.5,"method":"ping"}',
           '[' * 70 + ']' * 70, '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ledger_create_account","arguments":{"name":"\\u202e\\u0007","type":"asset"}}}']
    with open(os.path.join(disp, "hostile"), "w") as out:
        out.write(json.dumps(INIT) + "\n" + "\n".join(bad) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
