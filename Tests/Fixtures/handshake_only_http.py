"""What a Streamable HTTP server from before 2026-07-28 answers to the 2026-07-28 probe: a 400
with a JSON-RPC error (it sees a request without a session), so the client falls back to
`initialize`. Shared by the HTTP fixtures that test handshake-era sessions."""


def request_headers(scope):
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


async def refuse_stateless(headers, send):
    """Answers a 2026-07-28 request with 400 and returns True; returns False for anything else."""
    if headers.get("mcp-protocol-version") != "2026-07-28":
        return False
    await send({"type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"jsonrpc":"2.0","id":null,'
                b'"error":{"code":-32600,"message":"Bad Request: Missing session ID"}}'})
    return True
