"""MCP fixture server for mcpterm's protocol-feature tests (Python SDK 2.x, stdio).

Resources: fixture://greeting (text), template fixture://items/{name}; add_resource adds
fixture://extra and sends notifications/resources/list_changed. resources/subscribe is
served; touch(uri) sends notifications/resources/updated for a subscribed URI.
Completion of the template's `name` (apple, apricot, 東京タワー).
Prompts: review(code, language) with completion of `language`; add_prompt adds `later`
and sends notifications/prompts/list_changed.
logging/setLevel is served; current_log_level returns the level last set.
Tools that ask the client: ask_name (elicitation), ask_model (sampling), list_roots (roots).
"""
import warnings

import mcp_types as types
from pydantic import BaseModel

from mcp.server.mcpserver import Context, MCPServer

warnings.simplefilter("ignore")

mcp = MCPServer("features")
state = {"level": None, "subscribed": set()}


@mcp.resource("fixture://greeting", name="greeting", description="A friendly text", mime_type="text/plain")
def greeting() -> str:
    return "hello from a resource"


@mcp.resource("fixture://items/{name}", name="item", description="One item by name")
def item(name: str) -> str:
    return f"item {name}"


@mcp.prompt(description="Review some code")
def review(code: str, language: str) -> str:
    return f"Please review this {language} code:\n{code}"


LANGUAGES = ["python", "rust", "swift", "scala"]
ITEMS = ["apple", "apricot", "東京タワー"]


@mcp.completion()
async def complete(ref, argument, context):
    if isinstance(ref, types.PromptReference) and ref.name == "review" and argument.name == "language":
        return types.Completion(values=[x for x in LANGUAGES if x.startswith(argument.value)])
    if isinstance(ref, types.ResourceTemplateReference) and ref.uri == "fixture://items/{name}" and argument.name == "name":
        return types.Completion(values=[x for x in ITEMS if x.startswith(argument.value)])
    return None


async def set_level(ctx, params: types.SetLevelRequestParams) -> types.EmptyResult:
    state["level"] = params.level
    return types.EmptyResult()


async def subscribe(ctx, params: types.SubscribeRequestParams) -> types.EmptyResult:
    state["subscribed"].add(str(params.uri))
    return types.EmptyResult()


mcp._lowlevel_server.add_request_handler("logging/setLevel", types.SetLevelRequestParams, set_level)
mcp._lowlevel_server.add_request_handler("resources/subscribe", types.SubscribeRequestParams, subscribe)


@mcp.tool()
def current_log_level(ctx: Context) -> str:
    """The level the client asked for: in this request's _meta (2026-07-28), else the one last set
    with logging/setLevel (handshake era), or 'unset'."""
    meta = ctx.request_context.meta or {}
    level = meta.get("io.modelcontextprotocol/logLevel") if isinstance(meta, dict) else getattr(meta, "model_extra", {}).get("io.modelcontextprotocol/logLevel")
    return level or state["level"] or "unset"


@mcp.tool()
async def touch(uri: str, ctx: Context) -> str:
    """Send notifications/resources/updated for a subscribed URI."""
    # 2026-07-28: published to subscriptions/listen streams whose filter names the URI.
    await ctx.notify_resource_updated(uri)
    if ctx.request_context.protocol_version >= "2026-07-28":
        return "published"
    if uri not in state["subscribed"]:
        return "not subscribed"
    await ctx.session.send_resource_updated(uri)
    return "touched"


@mcp.tool()
async def add_resource(ctx: Context) -> str:
    """Add fixture://extra and tell the client the resource list changed."""
    mcp.resource("fixture://extra", name="extra")(lambda: "extra text")
    if ctx.request_context.protocol_version >= "2026-07-28":
        await ctx.notify_resources_changed()
    else:
        await ctx.session.send_resource_list_changed()
    return "added"


@mcp.tool()
async def add_prompt(ctx: Context) -> str:
    """Add the prompt `later` and tell the client the prompt list changed."""
    mcp.prompt(name="later", description="Added at run time")(lambda: "later")
    if ctx.request_context.protocol_version >= "2026-07-28":
        await ctx.notify_prompts_changed()
    else:
        await ctx.session.send_prompt_list_changed()
    return "added"


class Name(BaseModel):
    name: str


@mcp.tool()
async def ask_name(ctx: Context) -> str:
    """Ask the user for a name through elicitation."""
    result = await ctx.elicit("What is your name?", schema=Name)
    if result.action == "accept":
        return f"accepted: {result.data.name}"
    return result.action


@mcp.tool()
async def ask_model(question: str, ctx: Context) -> str:
    """Ask the client's model through sampling."""
    try:
        result = await ctx.session.create_message(
            [types.SamplingMessage(role="user", content=types.TextContent(type="text", text=question))],
            max_tokens=50)
    except Exception as error:  # the client refused
        return f"refused: {error}"
    return f"{result.model}: {result.content.text}"


@mcp.tool()
async def list_roots(ctx: Context) -> str:
    """The root URIs the client offers, one per line."""
    result = await ctx.session.list_roots()
    return "\n".join(str(root.uri) for root in result.roots)


if __name__ == "__main__":
    mcp.run("stdio")
