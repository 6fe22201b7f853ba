"""MCP fixture server for mcpterm's sampling tests (Python SDK 2.x, stdio, handshake era).

Tool ask(question) asks the client's model through sampling/createMessage (MCP 2025-11-25
client/sampling) with a system prompt, an earlier exchange, model preferences and limits, and
returns "<model>|<stopReason>|<text>" of the reply, or "refused: <error>".

Tool ask_with_tools(question) runs the tool loop the spec gives the server: it offers its own
tool local__echo, runs each tool_use the model asks for, asks again with the tool results, and
returns "rounds=<n>|<stopReason>|<text>" of the final reply.
"""
import warnings

import mcp.types as types
from mcp.server.mcpserver import Context, MCPServer

warnings.simplefilter("ignore")

mcp = MCPServer("sampler")

ECHO = types.Tool(
    name="local__echo",
    description="Echo the text back",
    input_schema={"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
)


def text_of(content):
    blocks = content if isinstance(content, list) else [content]
    return "".join(block.text for block in blocks if block.type == "text")


@mcp.tool()
async def ask(question: str, ctx: Context) -> str:
    """Ask the client's model to translate, with an earlier exchange."""
    try:
        result = await ctx.session.create_message(
            [
                types.SamplingMessage(role="user", content=types.TextContent(type="text", text="Translate: good morning")),
                types.SamplingMessage(role="assistant", content=types.TextContent(type="text", text="おはようございます")),
                types.SamplingMessage(role="user", content=types.TextContent(type="text", text=question)),
            ],
            max_tokens=60,
            system_prompt="You are a translator.",
            temperature=0.3,
            stop_sequences=["END"],
            model_preferences=types.ModelPreferences(
                hints=[types.ModelHint(name="claude-3-sonnet")], intelligence_priority=0.8),
            related_request_id=ctx.request_id,
        )
    except Exception as error:  # the client refused
        return f"refused: {error}"
    return f"{result.model}|{result.stop_reason}|{text_of(result.content)}"


@mcp.tool()
async def ask_with_tools(question: str, ctx: Context) -> str:
    """Ask the client's model with a tool it may use; run the tool loop until a final reply."""
    messages = [types.SamplingMessage(role="user", content=types.TextContent(type="text", text=question))]
    for rounds in range(1, 5):
        try:
            result = await ctx.session.create_message(
                messages, max_tokens=60, tools=[ECHO], related_request_id=ctx.request_id)
        except Exception as error:
            return f"refused in round {rounds}: {error}"
        blocks = result.content if isinstance(result.content, list) else [result.content]
        uses = [block for block in blocks if block.type == "tool_use"]
        if not uses:
            return f"rounds={rounds}|{result.stop_reason}|{text_of(result.content)}"
        messages.append(types.SamplingMessage(role="assistant", content=blocks))
        messages.append(types.SamplingMessage(role="user", content=[
            types.ToolResultContent(type="tool_result", tool_use_id=use.id,
                                    content=[types.TextContent(type="text", text="echo: " + use.input["text"])])
            for use in uses
        ]))
    return "too many rounds"


if __name__ == "__main__":
    mcp.run("stdio")
