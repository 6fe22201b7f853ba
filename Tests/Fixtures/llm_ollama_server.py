"""Loopback Ollama server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed. The optional first argument
names the script for requests without the header (to try mcpterm by hand).
  POST /api/chat      answers the script named by the X-Fixture-Script header (see SCRIPTS; also
                      "agent" and "call_tool", which read the request) with
                      Ollama's newline-delimited JSON chunks and records the request
  GET  /last-request, /hang-ended  as in llm_fixture_http
"""
import json

from llm_fixture_http import ScriptedAPIHandler, in_pieces, script_from_command_line, serve, split_inside


def chunk(content="", done=False, **fields):
    body = {"model": "fixture-model", "created_at": "2025-05-27T22:54:57.641643Z",
            "message": dict(role="assistant", content=content, **fields), "done": done}
    return body


def final(reason="stop", prompt=26, completion=4):
    return {"model": "fixture-model", "created_at": "2025-05-27T22:54:58Z",
            "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": reason,
            "total_duration": 123456789, "load_duration": 1000, "prompt_eval_count": prompt,
            "prompt_eval_duration": 2000, "eval_count": completion, "eval_duration": 3000}


def ndjson(lines):
    return b"".join(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n" for line in lines)


def text_cjk():
    """Thinking, then "你好, world" with the bytes of 好 split across two socket writes."""
    stream = ndjson([
        chunk(thinking="the user greets me"),
        chunk("你好"),
        chunk(", world"),
        final(),
    ])
    return split_inside(stream, "好")


def tool_calls():
    """Two complete tool calls in two chunks (one with an id, one without, as older Ollama
    versions send them), the stream written in 7-byte pieces so lines split across writes."""
    stream = ndjson([
        chunk(thinking="I should look this up"),
        chunk("Checking.", tool_calls=[{"id": "call_x1", "function": {
            "index": 0, "name": "get_weather",
            "arguments": {"city": "東京", "days": 3, "metric": True, "where": {"lat": 35.5}}}}]),
        chunk(tool_calls=[{"function": {"index": 1, "name": "list_files", "arguments": {}}}]),
        final(prompt=80, completion=31),
    ])
    return in_pieces(stream)


def length():
    return [ndjson([chunk("cut"), final(reason="length", prompt=5, completion=1)])]


def stream_error():
    return [ndjson([chunk("partial"), {"error": "an error was encountered while running the model: unexpected EOF"}])]


def truncated():
    # The last line also lacks its newline.
    return [ndjson([chunk("cut")]) + json.dumps(chunk(" off")).encode()]


def agent(body):
    """Plays a tool-using agent for a run by hand: after a tool result it answers "Tool said: ...";
    when a tool named "*__echo" is offered it calls it with the user's text; otherwise it echoes."""
    last = (body.get("messages") or [{}])[-1]
    if last.get("role") == "tool":
        return [ndjson([chunk("Tool said: " + last.get("content", "")), final()])]
    text = last.get("content", "")
    echo = next((t["function"]["name"] for t in body.get("tools") or [] if t["function"]["name"].endswith("__echo")), None)
    if echo is None:
        return [ndjson([chunk("You said: " + text), final()])]
    call = {"function": {"name": echo, "arguments": {"text": text.removeprefix("echo ")}}}
    return [ndjson([chunk("Calling echo."), chunk(tool_calls=[call]), final()])]


def call_tool(body):
    """Plays an agent for app tests: a conversation that holds a tool result gets "Tool answered.";
    otherwise a last message "call NAME" calls the offered tool whose name ends in "__NAME" with {}."""
    messages = body.get("messages") or []
    if any(m.get("role") == "tool" for m in messages):
        return [ndjson([chunk("Tool answered."), final()])]
    name = str(messages[-1].get("content") if messages else "").removeprefix("call ")
    tool = next((t["function"]["name"] for t in body.get("tools") or [] if t["function"]["name"].endswith("__" + name)), None)
    if tool is None:
        return [ndjson([chunk(f"no tool {name}"), final()])]
    return [ndjson([chunk(tool_calls=[{"function": {"name": tool, "arguments": {}}}]), final()])]


SCRIPTS = {"text_cjk": text_cjk, "tool_calls": tool_calls, "length": length,
           "stream_error": stream_error, "truncated": truncated}


class Handler(ScriptedAPIHandler):
    default_script = script_from_command_line()
    models_path = "/api/tags"
    models = {"models": [{"name": "llama3.2:latest", "model": "llama3.2:latest"}, {"name": "qwen2.5:7b", "model": "qwen2.5:7b"}]}

    def answer(self, script, body):
        model = (body or {}).get("model", "")
        if self.path != "/api/chat":
            self._head(404, "text/plain")
            self.wfile.write(b"404 page not found")
        elif script == "not_found":
            self.send_json(404, {"error": f"model \"{model}\" not found, try pulling it first"},
                           "application/json; charset=utf-8")
        elif script == "unauthorized":
            key = self.headers.get("authorization", "")
            self.send_json(401, {"error": f"unauthorized: {key}"}, "application/json; charset=utf-8")
        elif script == "hang":
            self.hang("application/x-ndjson", ndjson([chunk("thinking")]), ndjson([chunk()]))
        else:
            scripted = {"agent": agent, "call_tool": call_tool}
            answer = scripted[script](body) if script in scripted else SCRIPTS[script]()
            self.stream_script("application/x-ndjson", answer, script)


if __name__ == "__main__":
    serve(Handler)
