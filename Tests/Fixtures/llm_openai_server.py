"""Loopback OpenAI-compatible chat server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed. The first argument names
the script for requests without an X-Fixture-Script header (default text_cjk).
  POST /v1/chat/completions  answers the script named by the X-Fixture-Script header
                             (see SCRIPTS; also "hang", "silent": the head then nothing,
                             "mute": nothing at all; "call_tool", see call_tool) and records
                             the request
  GET  /last-request, /hang-ended  as in llm_fixture_http
"""
import json

from llm_fixture_http import ScriptedAPIHandler, in_pieces, script_from_command_line, serve, split_inside


def chunk(delta=None, finish_reason=None, usage=None, choices=True):
    body = {"id": "chatcmpl-fixture", "object": "chat.completion.chunk", "created": 1, "model": "fixture-model"}
    body["choices"] = [{"index": 0, "delta": delta or {}, "finish_reason": finish_reason}] if choices else []
    body["usage"] = usage
    return body


def sse(events):
    out = b""
    for event in events:
        data = event if isinstance(event, str) else json.dumps(event, ensure_ascii=False)
        out += f"data: {data}\n\n".encode("utf-8")
    return out


def text_cjk():
    """"你好, world", with the bytes of 好 split across two socket writes."""
    stream = sse([
        chunk({"role": "assistant", "content": ""}),
        chunk({"reasoning_content": "thinking, not answering"}),
        chunk({"content": "你好"}),
        chunk({"content": ", world"}),
        chunk({}, finish_reason="stop"),
        chunk(choices=False, usage={"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}),
        "[DONE]",
    ])
    return split_inside(stream, "好")


def tool_calls():
    """Two tool calls whose fragments interleave by index, written in 7-byte pieces."""
    def call(index, **fields):
        return chunk({"tool_calls": [dict(index=index, **fields)]})
    stream = sse([
        chunk({"role": "assistant", "content": None}),
        call(0, id="call_a", type="function", function={"name": "get_weather", "arguments": ""}),
        call(1, id="call_b", type="function", function={"name": "search_docs", "arguments": ""}),
        call(0, function={"arguments": "{\"city\": "}),
        call(1, function={"arguments": "{\"q\": \"swift"}),
        call(0, function={"arguments": "\"Paris\"}"}),
        call(1, function={"arguments": " 6\"}"}),
        chunk({}, finish_reason="tool_calls"),
        "[DONE]",
    ])
    return in_pieces(stream)


def stream_error():
    return [sse([chunk({"content": "partial"}), {"error": {"message": "model overloaded", "type": "server_error"}}])]


def truncated():
    return [sse([chunk({"content": "cut"})])]


def call_tool(body):
    """Plays an agent for app tests: a conversation that holds a tool result gets "Tool answered.";
    otherwise a last message "call NAME" calls the offered tool whose name ends in "__NAME" with {}."""
    messages = body.get("messages") or []
    if any(m.get("role") == "tool" for m in messages):
        return [sse([chunk({"content": "Tool answered."}), chunk({}, finish_reason="stop"), "[DONE]"])]
    name = str(messages[-1].get("content") if messages else "").removeprefix("call ")
    tools = [t["function"]["name"] for t in body.get("tools") or []]
    tool = next((t for t in tools if t.endswith("__" + name)), None)
    if tool is None:
        return [sse([chunk({"content": f"no tool {name}"}), chunk({}, finish_reason="stop"), "[DONE]"])]
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": tool, "arguments": "{}"}}
    return [sse([chunk({"tool_calls": [call]}), chunk({}, finish_reason="tool_calls"), "[DONE]"])]


SCRIPTS = {"text_cjk": text_cjk, "tool_calls": tool_calls, "stream_error": stream_error, "truncated": truncated}


class Handler(ScriptedAPIHandler):
    # Requests without the header (mcpterm itself, in an app test or run by hand) get this one.
    default_script = script_from_command_line()
    models_path = "/v1/models"
    models = {"object": "list", "data": [{"id": "gpt-4o", "object": "model"}, {"id": "fixture-model", "object": "model"}]}

    def answer(self, script, body):
        if self.path != "/v1/chat/completions":
            self.send_json(404, {"error": {"message": f"no route {self.path}"}})
        elif script == "unauthorized":
            self.send_json(401, {"error": {
                "message": "Incorrect API key provided: sk-test. You can find your API key at https://example.invalid.",
                "type": "invalid_request_error", "code": "invalid_api_key"}})
        elif script == "rate_limited":
            # 429 with Retry-After, as OpenAI sends when a rate limit is hit.
            self.extra_headers = (("Retry-After", "2"),)
            self.send_json(429, {"error": {"message": "Rate limit reached for gpt-4o", "type": "requests",
                                           "code": "rate_limit_exceeded"}})
        elif script == "html_error":
            # What a proxy or a server without the route answers: a page, not an API error.
            self._head(404, "text/html")
            self.wfile.write(b"<!DOCTYPE html><html><body><h1>Error response</h1><p>Error code: 404</p></body></html>")
        elif script == "overloaded":
            self.send_json(503, {"error": {"message": "The server is overloaded", "type": "server_error"}})
        elif script in ("silent", "mute"):
            # silent: the head, then nothing; mute: not even the head.
            self.silent("text/event-stream", send_head=script == "silent")
        elif script == "hang":
            self.hang("text/event-stream", sse([chunk({"content": "thinking"})]), b": keep-alive\n\n")
        elif script == "call_tool":
            self.stream_script("text/event-stream", call_tool(body), script)
        else:
            self.stream_script("text/event-stream", SCRIPTS[script](), script)


if __name__ == "__main__":
    serve(Handler)
