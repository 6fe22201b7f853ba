"""A scripted, stdlib-only stdio MCP server that misbehaves on request, for fault tests.

Usage: mcp_faulty_stdio.py MODE [MARKER]
  normal   answers initialize, tools/list, ping and these tools:
             crash_once  the first time (while MARKER does not exist) creates MARKER and kills
                         its own process with SIGKILL mid-call; afterwards answers "survived"
             huge        answers with one line of BYTES (argument) bytes
             echo        answers its "text" argument
             mute        stops answering pings (but still answers everything else)
  silent   never answers anything; writes "got initialize" to stderr when it arrives
Every request's method goes to stderr as "got METHOD", so tests can wait for it.
"""
import os
import signal
import sys

from jsonrpc_stdio import requests, send

mode = sys.argv[1] if len(sys.argv) > 1 else "normal"
marker = sys.argv[2] if len(sys.argv) > 2 else None
muted = False

TOOLS = [{"name": name, "inputSchema": {"type": "object"}} for name in ["crash_once", "huge", "echo", "mute"]]


def text(mid, value):
    send({"jsonrpc": "2.0", "id": mid, "result": {"content": [{"type": "text", "text": value}]}})


for method, mid, msg in requests():
    print("got " + str(method), file=sys.stderr, flush=True)
    if mode == "silent":
        continue
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": mid, "result": {
            "protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
            "serverInfo": {"name": "faulty", "version": "1.0"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": mid, "result": {"tools": TOOLS}})
    elif method == "ping":
        if not muted:
            send({"jsonrpc": "2.0", "id": mid, "result": {}})
    elif method == "tools/call":
        name = msg["params"]["name"]
        args = msg["params"].get("arguments") or {}
        if name == "crash_once":
            if marker and not os.path.exists(marker):
                open(marker, "w").close()
                print("crashing on purpose", file=sys.stderr, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            text(mid, "survived")
        elif name == "huge":
            size = int(args.get("bytes", 0))
            sys.stdout.write("x" * size + "\n")
            sys.stdout.flush()
        elif name == "mute":
            muted = True
            text(mid, "muted")
        else:
            text(mid, str(args.get("text", "")))
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "no " + str(method)}})
