"""A Python SDK 2.x stdio server whose tool `wait_forever` only ends when the client cancels it:
on `notifications/cancelled` the SDK interrupts the tool, which then writes
"cancelled: wait_forever" to stderr, so a test can see the server received the cancellation.
"""
import sys
import warnings

import anyio

from mcp.server.mcpserver import MCPServer

warnings.simplefilter("ignore")

mcp = MCPServer("faulty-cancel")


@mcp.tool()
async def wait_forever() -> str:
    """Wait until cancelled."""
    print("waiting", file=sys.stderr, flush=True)
    try:
        await anyio.sleep(3600)
    except anyio.get_cancelled_exc_class():
        print("cancelled: wait_forever", file=sys.stderr, flush=True)
        raise
    return "woke up"


if __name__ == "__main__":
    mcp.run("stdio")
