"""MCP fixture server for mcpterm's MCPHost tests (Python SDK 2.x, stdio).

Tools: echo, add, fail (raises), sleep, stderr_line (writes to stderr),
log_message (sends notifications/message through the context),
add_greet_tool (adds `greet` and sends notifications/tools/list_changed).
"""
import asyncio
import sys
import warnings

from mcp.server.mcpserver import Context, MCPServer

# The logging capability warns that it is deprecated; the tests still use it.
warnings.simplefilter("ignore")

mcp = MCPServer("fixture")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


@mcp.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@mcp.tool()
def fail() -> str:
    """Always raises."""
    raise RuntimeError("fixture failure on purpose")


@mcp.tool()
async def sleep(seconds: float) -> str:
    """Sleep, then answer."""
    await asyncio.sleep(seconds)
    return f"slept {seconds}"


@mcp.tool()
def stderr_line(text: str) -> str:
    """Write one line to stderr."""
    print(text, file=sys.stderr, flush=True)
    return "written"


@mcp.tool()
async def log_message(text: str, ctx: Context) -> str:
    """Send a log notification to the client."""
    await ctx.warning(text, logger_name="fixture")
    return "logged"


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
