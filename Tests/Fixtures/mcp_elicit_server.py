"""MCP fixture server for mcpterm's elicitation form tests (Python SDK 2.x, stdio, handshake era).

Tool sign_up asks the client to fill in a form with a field of each kind the spec allows
(MCP 2025-11-25 client/elicitation: a string with a length, an email, an integer with a range
and a default, a number, a boolean with a default, a titled single-select, a multi-select) and
returns what came back: "decline" or "cancel", or for an accepted form "accept " and the content
as JSON with sorted keys, after checking it with a JSON Schema validator ("invalid: …" if not).
"""
import json
import warnings

import jsonschema
from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import UrlElicitationRequiredError
from mcp.types import ElicitRequestURLParams

warnings.simplefilter("ignore")

mcp = MCPServer("elicit")

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Name", "minLength": 2, "maxLength": 20},
        "email": {"type": "string", "title": "Email", "format": "email"},
        "age": {"type": "integer", "title": "Age", "minimum": 18, "maximum": 150, "default": 30},
        "score": {"type": "number", "title": "Score", "minimum": 0, "maximum": 1},
        "news": {"type": "boolean", "title": "Newsletter", "default": True},
        "plan": {"type": "string", "title": "Plan",
                 "oneOf": [{"const": "free", "title": "Free"}, {"const": "pro", "title": "Pro"}]},
        "tags": {"type": "array", "title": "Tags", "minItems": 1,
                 "items": {"type": "string", "enum": ["a", "b", "c"]}},
    },
    "required": ["name", "plan", "tags"],
}


@mcp.tool()
async def sign_up(ctx: Context) -> str:
    """Ask the user to fill in a sign-up form; report what came back."""
    result = await ctx.session.elicit_form(
        message="Create your account", requested_schema=SCHEMA, related_request_id=ctx.request_id)
    if result.action != "accept":
        return result.action
    try:
        jsonschema.validate(result.content, SCHEMA)
    except jsonschema.ValidationError as error:
        return "invalid: " + error.message
    return "accept " + json.dumps(result.content, sort_keys=True, ensure_ascii=False)


@mcp.tool()
async def echo(text: str, ctx: Context) -> str:
    """Echo the text, after asking who says it (a form with one field, for the tmux test)."""
    schema = {"type": "object", "required": ["nickname"],
              "properties": {"nickname": {"type": "string", "title": "Nickname", "minLength": 2}}}
    result = await ctx.session.elicit_form(
        message=f"Who says {text}?", requested_schema=schema, related_request_id=ctx.request_id)
    if result.action != "accept":
        return result.action
    return f"{result.content['nickname']} says {text}"


@mcp.tool()
async def connect(ctx: Context) -> str:
    """Ask the user to open a page (URL mode); on accept, say the out-of-band step is done."""
    result = await ctx.session.elicit_url(
        message="Link your 東京 account", url="https://auth.example.com/link?id=e-42", elicitation_id="e-42",
        related_request_id=ctx.request_id)
    if result.action == "accept":
        await ctx.session.send_elicit_complete("e-42", related_request_id=ctx.request_id)
    return result.action


@mcp.tool()
async def needs_link() -> str:
    """Fail with -32042: the user must open a page first."""
    raise UrlElicitationRequiredError(
        [ElicitRequestURLParams(mode="url", message="Authorize files", url="https://files.example.com/auth",
                                elicitation_id="e-7")],
        message="Authorization is required first.")


if __name__ == "__main__":
    mcp.run("stdio")
