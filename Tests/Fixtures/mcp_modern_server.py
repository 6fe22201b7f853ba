"""MCP fixture for mcpterm's 2026-07-28 era tests (Python SDK 2.x MCPServer, which serves both eras).

Usage: mcp_modern_server.py stdio
       mcp_modern_server.py http [--record FILE]
  http: streamable HTTP (JSON responses) on 127.0.0.1; prints the port on its first stdout line.
  --record FILE: appends one JSON line per POST: the routing headers (mcp-protocol-version,
        mcp-method, mcp-name, mcp-param-*) and the body's method and `_meta` keys.

Tools: echo; lookup (its region travels as Mcp-Param-Region: x-mcp-header); where and annotate_where
(which swaps `where` for the same tool with its place in Mcp-Param-Place, telling no one, so the next
call without the header is refused with -32020 HeaderMismatch); ask_name (2026-07-28 multi-round trip: returns input_required with an elicitation
and a requestState, then greets with the answer); add_greet_tool (adds `greet` and publishes
tools list_changed to subscriptions/listen streams).
"""
import asyncio
import json
import socket
import sys
import warnings
from typing import Annotated

import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp_types import ElicitRequest, ElicitRequestFormParams, InputRequiredResult
from pydantic import Field

warnings.simplefilter("ignore")

mcp = MCPServer("modern-fixture")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


@mcp.tool()
def lookup(region: Annotated[str, Field(json_schema_extra={"x-mcp-header": "Region"})], query: str) -> str:
    """Look something up in a region (the region travels as Mcp-Param-Region)."""
    return f"{region}: {query}"


def where(place: str) -> str:
    """Say where."""
    return f"at {place}"


def where_annotated(place: Annotated[str, Field(json_schema_extra={"x-mcp-header": "Place"})]) -> str:
    """Say where."""
    return f"at {place}"


# The same tool but for the header (its schema title comes from the function's name).
where_annotated.__name__ = where_annotated.__qualname__ = "where"
mcp.add_tool(where)


@mcp.tool()
def annotate_where() -> str:
    """Swap `where` for the same tool whose place travels as Mcp-Param-Place, without telling anyone."""
    mcp.remove_tool("where")
    mcp.add_tool(where_annotated, name="where")
    return "annotated"


@mcp.tool()
async def ask_name(ctx: Context) -> str | InputRequiredResult:
    """Ask the user for a name through input_required, then greet them."""
    answer = (ctx.input_responses or {}).get("name")
    if answer is None:
        form = ElicitRequestFormParams(
            message="What is your name?",
            requested_schema={"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        )
        return InputRequiredResult(input_requests={"name": ElicitRequest(params=form)}, request_state="round-1")
    content = getattr(answer, "content", None) or {}
    return f"hello {content.get('name')} (state {ctx.request_state})"


def greet(name: str) -> str:
    """Say hello (added at run time by add_greet_tool)."""
    return f"hello {name}"


@mcp.tool()
async def add_greet_tool(ctx: Context) -> str:
    """Register the greet tool and publish tools list_changed to listen streams."""
    mcp.add_tool(greet)
    await ctx.notify_tools_changed()
    return "added"


def recorder(app, record):
    async def recording(scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        body = b"".join(m.get("body", b"") for m in chunks if m["type"] == "http.request")
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = {}
        meta = ((parsed.get("params") or {}).get("_meta") or {}) if isinstance(parsed, dict) else {}
        with open(record, "a") as f:
            f.write(json.dumps({
                "method": parsed.get("method") if isinstance(parsed, dict) else None,
                "meta": sorted(meta),
                "version": headers.get("mcp-protocol-version"),
                "mcpMethod": headers.get("mcp-method"),
                "mcpName": headers.get("mcp-name"),
                "params": {k: v for k, v in headers.items() if k.startswith("mcp-param-")},
            }) + "\n")
        pending = list(chunks)

        async def replay():
            return pending.pop(0) if pending else await receive()

        await app(scope, replay, send)
    return recording


def main():
    if sys.argv[1] == "stdio":
        mcp.run("stdio")
        return
    record = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--record" else None
    app = mcp.streamable_http_app(json_response=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(recorder(app, record) if record else app, log_level="warning", lifespan="on")
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main()
