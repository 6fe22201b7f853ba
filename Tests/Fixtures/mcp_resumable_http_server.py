"""Streamable HTTP MCP fixture with resumable streams, for mcpterm's resume, session-expiry and
message-size tests (Python SDK 2.x).

Usage: mcp_resumable_http_server.py MODE --record FILE
  MODE: "stream" (SSE replies, resumable: an in-memory event store, retry 100 ms),
        "json" (JSON replies), "legacy" (2024-11-05 HTTP+SSE: GET /sse, POST /messages/).
  --record FILE: appends "METHOD PATH session=<id or -> last-event-id=<id or ->" per request.

Prints the port on its first stdout line; the socket is already listening by then.
Tools:
  steps(count): sends "step i" log messages; after the first it closes its own SSE stream (the
      SDK's close_sse_stream: the client must resume with GET + Last-Event-ID), then finishes.
  huge(size): answers with a text of `size` bytes.
  huge_on_get(size): waits until the GET stream is open, sends a log message of `size` bytes on
      it (unrelated to the call), then answers "sent".
  echo(text).
POST /forget makes the server forget every session without closing its streams, as after a
restart: the next request carrying an old session id is answered 404.
"""
import asyncio
import itertools
import socket
import sys
import warnings

import uvicorn
from handshake_only_http import refuse_stateless, request_headers
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.streamable_http import GET_STREAM_KEY, EventMessage, EventStore

warnings.simplefilter("ignore")

mcp = MCPServer("resumable-fixture")


class MemoryEventStore(EventStore):
    """Keeps every event in order; ids are "<stream>:<n>" so a replay finds its stream."""

    def __init__(self):
        self.events = []  # (event_id, stream_id, message)
        self.counter = itertools.count(1)

    async def store_event(self, stream_id, message):
        event_id = f"{stream_id}:{next(self.counter)}"
        self.events.append((event_id, stream_id, message))
        return event_id

    async def replay_events_after(self, last_event_id, send_callback):
        found = next((i for i, (eid, _, _) in enumerate(self.events) if eid == last_event_id), None)
        if found is None:
            return None
        stream_id = self.events[found][1]
        for event_id, sid, message in self.events[found + 1:]:
            if sid == stream_id and message is not None:
                await send_callback(EventMessage(message, event_id))
        return stream_id


@mcp.tool()
async def steps(count: int, ctx: Context) -> str:
    """Log `count` steps; the reply stream is closed after the first and must be resumed."""
    for i in range(1, count + 1):
        await ctx.info(f"step {i}", logger_name="steps")
        if i == 1:
            await ctx.close_sse_stream()
            await asyncio.sleep(0.3)
    return f"done after {count} steps"


@mcp.tool()
def huge(size: int) -> str:
    """A text of `size` bytes."""
    return "x" * size


@mcp.tool()
async def huge_on_get(size: int, ctx: Context) -> str:
    """A log message of `size` bytes on the GET stream (unrelated to this call)."""
    for _ in range(500):
        if any(GET_STREAM_KEY in t._request_streams for t in mcp.session_manager._server_instances.values()):
            break
        await asyncio.sleep(0.01)
    await ctx.session.send_log_message("warning", "y" * size, logger="big")
    return "sent"


@mcp.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


def wrap(app, record):
    async def recorded(scope, receive, send):
        if scope["type"] == "http":
            headers = request_headers(scope)
            # Sessions and their expiry belong to the handshake era: the client must use initialize.
            if await refuse_stateless(headers, send):
                return
            if record:
                session = headers.get("mcp-session-id") or "-"
                last = headers.get("last-event-id") or "-"
                with open(record, "a") as f:
                    f.write(f"{scope['method']} {scope['path']} session={session} last-event-id={last}\n")
            if scope["path"] == "/forget":
                manager = mcp.session_manager
                manager._server_instances.clear()
                getattr(manager, "_session_owners", {}).clear()
                await send({"type": "http.response.start", "status": 204, "headers": []})
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)
    return recorded


def main():
    mode = sys.argv[1]
    record = None
    args = sys.argv[2:]
    while args:
        if args[0] == "--record":
            record = args[1]
        args = args[2:]
    if mode == "legacy":
        app = mcp.sse_app()
    elif mode == "json":
        app = mcp.streamable_http_app(json_response=True)
    else:
        app = mcp.streamable_http_app(event_store=MemoryEventStore(), retry_interval=100)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(wrap(app, record), log_level="warning", lifespan="on")
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main()
