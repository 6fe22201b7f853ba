"""A scripted, stdlib-only MCP server over stdio for edge cases the Python SDK
will not produce: junk lines on stdout, paginated tools/list, error responses
whose `data` is a string, exiting in the middle of a call, and an unsupported
protocol version (when started with --version VERSION), and a request from the
server to the client (tool "ask" with {"method": ...}: the answer comes back as text), and the
notifications the client sent (tool "notifications": their methods as a JSON list).
"""
import json
import sys

from jsonrpc_stdio import NOTIFICATIONS, requests, send

version = "2025-11-25"
if len(sys.argv) > 2 and sys.argv[1] == "--version":
    version = sys.argv[2]

PAGE = 3
TOOLS = [{"name": name, "inputSchema": {"type": "object"}}
         for name in ["tool0", "tool1", "tool2", "tool3", "tool4", "ask", "notifications", "exit"]]


for method, mid, msg in requests():
    if method == "initialize":
        # Junk before the answer: a client must skip it.
        sys.stdout.write("this is not json\n")
        sys.stdout.flush()
        send({"jsonrpc": "2.0", "id": mid, "result": {
            "protocolVersion": version,
            "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "raw", "version": "1.0"}}})
    elif method == "tools/list":
        start = int((msg.get("params") or {}).get("cursor") or 0)
        page = {"tools": TOOLS[start:start + PAGE]}
        if start + PAGE < len(TOOLS):
            page["nextCursor"] = str(start + PAGE)
        send({"jsonrpc": "2.0", "id": mid, "result": page})
    elif method == "tools/call":
        name = msg["params"]["name"]
        if name == "exit":
            sys.exit(3)
        if name == "ask":
            asked = msg["params"]["arguments"]["method"]
            send({"jsonrpc": "2.0", "id": "ask-1", "method": asked, "params": {}})
            for reply_line in sys.stdin:
                reply = json.loads(reply_line)
                if reply.get("id") == "ask-1" and "method" not in reply:
                    break
            send({"jsonrpc": "2.0", "id": mid, "result": {
                "content": [{"type": "text", "text": json.dumps(reply, ensure_ascii=False)}]}})
        elif name == "notifications":
            send({"jsonrpc": "2.0", "id": mid, "result": {
                "content": [{"type": "text", "text": json.dumps(NOTIFICATIONS)}]}})
        elif name == "string_error_data":
            send({"jsonrpc": "2.0", "id": mid,
                  "error": {"code": -32000, "message": "boom", "data": "a string, not an object"}})
        elif name == "malformed":
            send({"jsonrpc": "2.0", "id": mid, "result": {"content": "not an array"}})
        else:
            send({"jsonrpc": "2.0", "id": mid,
                  "result": {"content": [{"type": "text", "text": name}]}})
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": mid, "result": {}})
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "no " + str(method)}})
