"""MCP fixture server for mcpterm's MCPHost tests (Python SDK 2.x, stdio).

Tools: echo, add, sleep, log_message (from mcp_fixture_tools), fail (raises),
stderr_line (writes to stderr), add_greet_tool (adds `greet` and sends
notifications/tools/list_changed), probe (a barrier that counts calls in flight: each waits
until `width` are in flight or all `total` have arrived; max_in_flight answers the most seen).
"""
import asyncio
import sys
import warnings

from mcp.server.mcpserver import Context, MCPServer
from mcp_fixture_tools import add_common_tools

# The logging capability warns that it is deprecated; the tests still use it.
warnings.simplefilter("ignore")

mcp = MCPServer("fixture", instructions="Fixture server: echo, add, count_up. 東京 is a test word.")
add_common_tools(mcp, logger_name="fixture")


@mcp.tool()
def fail() -> str:
    """Always raises."""
    raise RuntimeError("fixture failure on purpose")


@mcp.tool()
def stderr_line(text: str) -> str:
    """Write one line to stderr."""
    print(text, file=sys.stderr, flush=True)
    return "written"


@mcp.tool()
async def count_up(steps: int, ctx: Context) -> str:
    """Report progress once per step (total and a message), then answer."""
    for step in range(1, steps + 1):
        await ctx.report_progress(step, steps, f"step {step} of {steps} 東京")
    return f"counted to {steps}"


def greet(name: str) -> str:
    """Say hello (added at run time by add_greet_tool)."""
    return f"hello {name}"


@mcp.tool()
async def add_greet_tool(ctx: Context) -> str:
    """Register the greet tool and tell the client the tool list changed."""
    mcp.add_tool(greet)
    if ctx.protocol_version == "2026-07-28":
        await ctx.notify_tools_changed()  # reaches subscriptions/listen streams
    else:
        await ctx.session.send_tool_list_changed()
    return "added"




in_flight = 0
most_in_flight = 0
arrived = 0
probe_turn = asyncio.Condition()


@mcp.tool()
async def probe(width: int, total: int) -> str:
    """Count this call in flight; wait until `width` are in flight or all `total` have arrived."""
    global in_flight, most_in_flight, arrived
    async with probe_turn:
        in_flight += 1
        arrived += 1
        most_in_flight = max(most_in_flight, in_flight)
        probe_turn.notify_all()
        await probe_turn.wait_for(lambda: in_flight >= width or arrived >= total)
        in_flight -= 1
        probe_turn.notify_all()
    return "ok"


@mcp.tool()
def max_in_flight() -> int:
    """The most probe calls in flight at once."""
    return most_in_flight


if __name__ == "__main__":
    mcp.run("stdio")
