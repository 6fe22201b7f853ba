"""MCP fixture server for mcpterm's MCPHost tests (Python SDK 2.x, stdio).

Tools: echo, add, sleep, log_message (from mcp_fixture_tools), fail (raises),
stderr_line (writes to stderr), add_greet_tool (adds `greet` and sends
notifications/tools/list_changed).
"""
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


if __name__ == "__main__":
    mcp.run("stdio")
