"""MCP over WebSocket fixture for mcpterm's MCPHost tests (Python SDK 2.x + websockets).

The Python SDK has no WebSocket server, so each connection is bridged to an
MCPServer through memory streams of SessionMessage, the way mcp/server/stdio.py
bridges stdin/stdout: one JSON-RPC message per text frame, subprotocol "mcp".

Prints its port on the first stdout line, then serves on 127.0.0.1 until killed.

Tools: echo, add, sleep, log_message (notifications/message), ask_roots (sends
roots/list to the client and returns the URIs), close_socket (closes the
WebSocket with a given code and reason).

Options:
  --require-header NAME=VALUE  answer 401 to an upgrade without this header
  --reject-subprotocol         accept the upgrade but select no subprotocol
                               (a server that does not speak "mcp")
  --tls DIR                    serve wss with a fresh self-signed certificate for
                               localhost/127.0.0.1 (made by the openssl CLI), written
                               to DIR/cert.pem so a test can choose to trust it
  --tls-cert PEM --tls-key PEM serve wss with this certificate instead
  --client-ca PEM              and require client certificates signed by this CA
"""
import argparse
import asyncio
import os
import ssl
import subprocess
import sys
import warnings

import anyio
import mcp_types as types
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from mcp.server.mcpserver import Context, MCPServer
from mcp.shared._context_streams import create_context_streams
from mcp.shared.message import SessionMessage
from mcp_fixture_tools import add_common_tools

# The logging and roots capabilities warn that they are deprecated; the tests still use them.
warnings.simplefilter("ignore")


def build_server(ws: ServerConnection) -> MCPServer:
    """One MCPServer per connection, so close_socket knows its socket."""
    mcp = MCPServer("ws-fixture")
    add_common_tools(mcp, logger_name="ws-fixture")

    @mcp.tool()
    async def ask_roots(ctx: Context) -> str:
        """Ask the client for its roots (a server-to-client request) and list their URIs."""
        result = await ctx.session.list_roots()
        return " ".join(str(root.uri) for root in result.roots)

    @mcp.tool()
    async def close_socket(code: int, reason: str) -> str:
        """Close the WebSocket with this code and reason (the call gets no answer)."""
        await ws.close(code, reason)
        return "closed"

    return mcp


async def bridge(ws: ServerConnection) -> None:
    """Runs one MCP session over one WebSocket connection."""
    read_writer, read_stream = create_context_streams[SessionMessage | Exception](0)
    write_stream, write_reader = create_context_streams[SessionMessage](0)

    async def socket_reader() -> None:
        async with read_writer:
            try:
                async for frame in ws:
                    if not isinstance(frame, str):
                        continue  # MCP over WebSocket uses text frames only
                    try:
                        message = types.jsonrpc_message_adapter.validate_json(frame, by_name=False)
                    except Exception as exc:
                        await read_writer.send(exc)
                        continue
                    await read_writer.send(SessionMessage(message))
            except ConnectionClosed:
                pass

    async def socket_writer() -> None:
        async with write_reader:
            try:
                async for session_message in write_reader:
                    await ws.send(session_message.message.model_dump_json(by_alias=True, exclude_unset=True))
            except ConnectionClosed:
                pass

    server = build_server(ws)
    async with anyio.create_task_group() as tg:
        tg.start_soon(socket_reader)
        tg.start_soon(socket_writer)
        lowlevel = server._lowlevel_server
        await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())
        tg.cancel_scope.cancel()


def self_signed_context(directory: str) -> ssl.SSLContext:
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert,
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def header_check(name: str, value: str):
    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        if request.headers.get(name) != value:
            return Response(401, "Unauthorized", Headers([("Content-Type", "text/plain")]),
                            f"missing or wrong {name}\n".encode())
        return None
    return process_request


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--require-header", default=None)
    parser.add_argument("--reject-subprotocol", action="store_true")
    parser.add_argument("--tls", default=None)
    parser.add_argument("--tls-cert", default=None)
    parser.add_argument("--tls-key", default=None)
    parser.add_argument("--client-ca", default=None)
    options = parser.parse_args()

    process_request = None
    if options.require_header:
        name, _, value = options.require_header.partition("=")
        process_request = header_check(name, value)
    subprotocols = None if options.reject_subprotocol else ["mcp"]
    tls = self_signed_context(options.tls) if options.tls else None
    if options.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(options.tls_cert, options.tls_key)
        if options.client_ca:
            tls.verify_mode = ssl.CERT_REQUIRED
            tls.load_verify_locations(options.client_ca)

    async with serve(bridge, "127.0.0.1", 0, subprotocols=subprotocols, process_request=process_request,
                     max_size=32 * 1024 * 1024, ssl=tls) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
