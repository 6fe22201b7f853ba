"""MCP fixture server over HTTP for mcpterm's HTTP transport tests (Python SDK 2.x).

Usage: mcp_http_server.py MODE [--token T] [--record FILE]
  MODE: "json" (streamable HTTP, JSON responses), "stream" (streamable HTTP, SSE responses),
        "legacy" (2024-11-05 HTTP+SSE only: GET /sse, POST /messages/).
  --token T: every request must carry "Authorization: Bearer T", else 401.
  --record FILE: appends "METHOD PATH session=<yes|no> version=<MCP-Protocol-Version>" per request.
  --handshake-only: answer 2026-07-28 requests (a server/discover probe) with 400 and do not record
        them, as a streamable HTTP server from before 2026-07-28 does; the client falls back to initialize.

Prints the port on its first stdout line; the socket is already listening by then.
Tools: echo, log_message (sends notifications/message during the call), die (exits mid-call).
"""
import asyncio
import os
import socket
import sys
import warnings

import uvicorn
from handshake_only_http import refuse_stateless, request_headers
from mcp.server.mcpserver import Context, MCPServer

warnings.simplefilter("ignore")

mcp = MCPServer("http-fixture")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


@mcp.tool()
async def log_message(text: str, ctx: Context) -> str:
    """Send a log notification to the client, then answer."""
    await ctx.warning(text, logger_name="fixture")
    return "logged"


@mcp.tool()
async def die(ctx: Context) -> str:
    """Exit the whole server while the call is in flight (after the reply stream has opened)."""
    await ctx.info("about to exit")
    await asyncio.sleep(0.05)
    os._exit(3)


def wrap(app, token, record, handshake_only=False):
    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            headers = request_headers(scope)
            if handshake_only and await refuse_stateless(headers, send):
                return
            if record:
                session = "yes" if headers.get("mcp-session-id") else "no"
                version = headers.get("mcp-protocol-version", "-")
                with open(record, "a") as f:
                    f.write(f"{scope['method']} {scope['path']} session={session} version={version}\n")
            if token and headers.get("authorization") != f"Bearer {token}":
                await send({"type": "http.response.start", "status": 401,
                            "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"missing or wrong bearer token"})
                return
        await app(scope, receive, send)
    return guarded


def main():
    mode = sys.argv[1]
    token = None
    record = None
    handshake_only = False
    args = sys.argv[2:]
    while args:
        if args[0] == "--handshake-only":
            handshake_only = True
            args = args[1:]
            continue
        if args[0] == "--token":
            token = args[1]
        elif args[0] == "--record":
            record = args[1]
        args = args[2:]
    if mode == "legacy":
        app = mcp.sse_app()
    else:
        app = mcp.streamable_http_app(json_response=(mode == "json"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(wrap(app, token, record, handshake_only), log_level="warning", lifespan="on")
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main()
