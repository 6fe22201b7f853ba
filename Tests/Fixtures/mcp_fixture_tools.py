"""Tools that several MCP fixture servers serve alike (Python SDK 2.x): echo, add, sleep and
log_message (sends notifications/message through the context)."""
import asyncio

from mcp.server.mcpserver import Context, MCPServer


def add_common_tools(mcp: MCPServer, logger_name: str) -> None:
    """Registers the tools on `mcp`; log_message logs as `logger_name`."""

    @mcp.tool()
    def echo(text: str) -> str:
        """Return the text unchanged."""
        return text

    @mcp.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @mcp.tool()
    async def sleep(seconds: float) -> str:
        """Sleep, then answer."""
        await asyncio.sleep(seconds)
        return f"slept {seconds}"

    @mcp.tool()
    async def log_message(text: str, ctx: Context) -> str:
        """Send a log notification to the client."""
        await ctx.warning(text, logger_name=logger_name)
        return "logged"
