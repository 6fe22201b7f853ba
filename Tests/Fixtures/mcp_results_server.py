"""MCP fixture server whose tools give back more than text (Python SDK 2.x, stdio).

Tools:
  picture(width, height)  a line of text and a PNG of that size (made here with zlib)
  measure                 a PNG and structuredContent under an outputSchema with a nested model
                          ($defs/$ref) and an enum; no text block
  mismatch                publishes an outputSchema and sends structuredContent that breaks it
  sound                   a WAV (audio/wav)
  links                   a resource link, an embedded text resource and an embedded PNG
  broken                  an isError result with text and a PNG
"""
import base64
import struct
import warnings
import zlib
from typing import Annotated, Literal

from mcp.server.mcpserver import MCPServer
from mcp_types import (AudioContent, BlobResourceContents, CallToolResult, EmbeddedResource, ImageContent,
                       ResourceLink, TextContent, TextResourceContents)
from pydantic import BaseModel

warnings.simplefilter("ignore")

mcp = MCPServer("results")


def png(width, height, rgb=(200, 30, 30)):
    """A truecolour PNG of one colour (PNG spec: signature, IHDR, IDAT, IEND)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def b64(data):
    return base64.b64encode(data).decode()


def wav(samples=800):
    """A silent 8 kHz mono 8-bit WAV."""
    data = b"\x80" * samples
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@mcp.tool()
def picture(width: int = 3, height: int = 2) -> CallToolResult:
    """A picture of the given size."""
    return CallToolResult(content=[
        TextContent(text=f"a {width}×{height} picture"),
        ImageContent(data=b64(png(width, height)), mime_type="image/png"),
    ])


class Size(BaseModel):
    width: int
    height: int


class Measurement(BaseModel):
    size: Size
    colour: Literal["red", "green"]


@mcp.tool()
def measure() -> Annotated[CallToolResult, Measurement]:
    """A picture and its measurements as structured content."""
    return CallToolResult(
        content=[ImageContent(data=b64(png(4, 3)), mime_type="image/png")],
        structured_content={"size": {"width": 4, "height": 3}, "colour": "red"})


class Reading(BaseModel):
    celsius: float


@mcp.tool()
def mismatch() -> Reading:
    """Publishes an outputSchema, then breaks it."""
    return CallToolResult(content=[TextContent(text="warm")], structured_content={"celsius": "warm"})


# The schema stays published; without its model the SDK passes the result through unchecked,
# so the client's check is what catches it.
mcp._tool_manager.get_tool("mismatch").fn_metadata.output_model = None


@mcp.tool()
def sound() -> CallToolResult:
    """A tenth of a second of silence."""
    return CallToolResult(content=[AudioContent(data=b64(wav()), mime_type="audio/wav")])


@mcp.tool()
def links() -> CallToolResult:
    """A link, an embedded text file and an embedded picture."""
    return CallToolResult(content=[
        ResourceLink(uri="file:///srv/report.md", name="report", mime_type="text/markdown"),
        EmbeddedResource(resource=TextResourceContents(uri="file:///srv/notes.txt", mime_type="text/plain",
                                                       text="東京 notes")),
        EmbeddedResource(resource=BlobResourceContents(uri="file:///srv/dot.png", mime_type="image/png",
                                                       blob=b64(png(5, 7)))),
    ])


@mcp.tool()
def broken() -> CallToolResult:
    """Fails, with a picture of the failure."""
    return CallToolResult(is_error=True, content=[
        TextContent(text="disk full"),
        ImageContent(data=b64(png(2, 2)), mime_type="image/png"),
    ])


if __name__ == "__main__":
    mcp.run("stdio")
