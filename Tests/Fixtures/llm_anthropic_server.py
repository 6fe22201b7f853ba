"""Loopback Anthropic Messages API server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed. The optional first argument
names the script for requests without the header (to try mcpterm by hand).
  POST /v1/messages   answers the script named by the X-Fixture-Script header (see SCRIPTS; also
                      "agent" and "call_tool", which read the request) with
                      real Messages-API server-sent events and records the request
  GET  /last-request, /hang-ended  as in llm_fixture_http
"""
import json

from llm_fixture_http import ScriptedAPIHandler, in_pieces, script_from_command_line, serve, split_inside


def event(name, **fields):
    body = dict(type=name, **fields)
    return f"event: {name}\ndata: {json.dumps(body, ensure_ascii=False)}\n\n".encode("utf-8")


def message_start(input_tokens=25, **usage):
    return event("message_start", message={
        "id": "msg_fixture", "type": "message", "role": "assistant", "model": "fixture-model", "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": dict(input_tokens=input_tokens, output_tokens=1, **usage)})


def text_block(index, text):
    return (event("content_block_start", index=index, content_block={"type": "text", "text": ""})
            + event("content_block_delta", index=index, delta={"type": "text_delta", "text": text})
            + event("content_block_stop", index=index))


def message_end(stop_reason, output_tokens):
    return (event("message_delta", delta={"stop_reason": stop_reason, "stop_sequence": None},
                  usage={"output_tokens": output_tokens})
            + event("message_stop"))


def text_cjk():
    """A thinking block, then "你好, world" with the bytes of 好 split across two socket writes."""
    stream = (
        message_start(input_tokens=20, cache_read_input_tokens=5, cache_creation_input_tokens=0)
        + event("content_block_start", index=0, content_block={"type": "thinking", "thinking": ""})
        + event("content_block_delta", index=0, delta={"type": "thinking_delta", "thinking": "the user greets me"})
        + event("content_block_delta", index=0, delta={"type": "signature_delta", "signature": "EqQBCgIYAhIM"})
        + event("content_block_stop", index=0)
        + event("ping")
        + event("content_block_start", index=1, content_block={"type": "text", "text": ""})
        + event("content_block_delta", index=1, delta={"type": "text_delta", "text": "你好"})
        + b": a comment line, ignored\n\n"
        + event("content_block_delta", index=1, delta={"type": "text_delta", "text": ", world"})
        + event("content_block_stop", index=1)
        + event("some_future_event", detail="ignored")
        + message_end("end_turn", 7)
    )
    return split_inside(stream, "好")


def tool_use():
    """Some text, then two tool_use blocks (one without input) whose partial JSON arrives in
    fragments, the whole stream written in 7-byte pieces."""
    def partial(index, fragment):
        return event("content_block_delta", index=index, delta={"type": "input_json_delta", "partial_json": fragment})
    stream = (
        message_start()
        + text_block(0, "Let me check.")
        + event("content_block_start", index=1, content_block={
            "type": "tool_use", "id": "toolu_a", "name": "get_weather", "input": {}})
        + partial(1, "")
        + partial(1, "{\"city\": ")
        + event("ping")
        + partial(1, "\"東京\", \"units\"")
        + partial(1, ": \"metric\"}")
        + event("content_block_stop", index=1)
        + event("content_block_start", index=2, content_block={
            "type": "tool_use", "id": "toolu_b", "name": "list_files", "input": {}})
        + event("content_block_stop", index=2)
        + message_end("tool_use", 42)
    )
    return in_pieces(stream)


def max_tokens():
    return [message_start() + text_block(0, "cut") + message_end("max_tokens", 3)]


def stream_error():
    return [message_start()
            + event("content_block_start", index=0, content_block={"type": "text", "text": ""})
            + event("content_block_delta", index=0, delta={"type": "text_delta", "text": "partial"})
            + event("error", error={"type": "overloaded_error", "message": "Overloaded"})]


def truncated():
    return [message_start()
            + event("content_block_start", index=0, content_block={"type": "text", "text": ""})
            + event("content_block_delta", index=0, delta={"type": "text_delta", "text": "cut"})]


def agent(body):
    """Plays a tool-using agent for a run by hand: after a tool result it answers "Tool said: ...";
    when a tool named "*__echo" is offered it calls it with the user's text; otherwise it echoes."""
    last = (body.get("messages") or [{}])[-1]
    blocks = last.get("content") if isinstance(last.get("content"), list) else [{"type": "text", "text": last.get("content", "")}]
    results = [b for b in blocks if b.get("type") == "tool_result"]
    if results:
        return [message_start() + text_block(0, "Tool said: " + str(results[-1].get("content"))) + message_end("end_turn", 5)]
    text = " ".join(b.get("text", "") for b in blocks if b.get("type") == "text")
    echo = next((t["name"] for t in body.get("tools") or [] if t["name"].endswith("__echo")), None)
    if echo is None:
        return [message_start() + text_block(0, "You said: " + text) + message_end("end_turn", 5)]
    arguments = json.dumps({"text": text.removeprefix("echo ")}, ensure_ascii=False)
    stream = (message_start() + text_block(0, "Calling echo.")
              + event("content_block_start", index=1, content_block={"type": "tool_use", "id": "toolu_echo", "name": echo, "input": {}})
              + event("content_block_delta", index=1, delta={"type": "input_json_delta", "partial_json": arguments[:5]})
              + event("content_block_delta", index=1, delta={"type": "input_json_delta", "partial_json": arguments[5:]})
              + event("content_block_stop", index=1) + message_end("tool_use", 9))
    return [stream]


def call_tool(body):
    """Plays an agent for app tests: a conversation that holds a tool result gets "Tool answered.";
    otherwise a last message "call NAME" calls the offered tool whose name ends in "__NAME" with {}."""
    messages = body.get("messages") or []
    blocks = [b for m in messages if isinstance(m.get("content"), list) for b in m["content"]]
    if any(b.get("type") == "tool_result" for b in blocks):
        return [message_start() + text_block(0, "Tool answered.") + message_end("end_turn", 3)]
    last = messages[-1].get("content") if messages else []
    text = " ".join(b.get("text", "") for b in last if b.get("type") == "text") if isinstance(last, list) else str(last)
    name = text.removeprefix("call ")
    tool = next((t["name"] for t in body.get("tools") or [] if t["name"].endswith("__" + name)), None)
    if tool is None:
        return [message_start() + text_block(0, f"no tool {name}") + message_end("end_turn", 3)]
    return [message_start()
            + event("content_block_start", index=0, content_block={"type": "tool_use", "id": "toolu_1", "name": tool, "input": {}})
            + event("content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": "{}"})
            + event("content_block_stop", index=0) + message_end("tool_use", 5)]


SCRIPTS = {"text_cjk": text_cjk, "tool_use": tool_use, "max_tokens": max_tokens,
           "stream_error": stream_error, "truncated": truncated}


class Handler(ScriptedAPIHandler):
    default_script = script_from_command_line()
    models_path = "/v1/models"
    models = {"data": [{"id": "claude-sonnet-4-5", "type": "model", "display_name": "Claude Sonnet 4.5"}, {"id": "claude-haiku-4-5", "type": "model", "display_name": "Claude Haiku 4.5"}], "has_more": False}

    def _error(self, status, kind, message):
        self.send_json(status, {"type": "error", "error": {"type": kind, "message": message},
                                "request_id": "req_fixture"})

    def answer(self, script, body):
        if self.path != "/v1/messages":
            self._error(404, "not_found_error", f"no route {self.path}")
        elif script == "unauthorized":
            # The real API does not echo the key; a proxy might, and it must not reach the screen.
            key = self.headers.get("x-api-key", "")
            self._error(401, "authentication_error", f"invalid x-api-key {key}")
        elif script == "hang":
            self.hang("text/event-stream",
                      message_start() + event("content_block_start", index=0, content_block={"type": "text", "text": ""})
                      + event("content_block_delta", index=0, delta={"type": "text_delta", "text": "thinking"}),
                      event("ping"))
        else:
            scripted = {"agent": agent, "call_tool": call_tool}
            answer = scripted[script](body) if script in scripted else SCRIPTS[script]()
            self.stream_script("text/event-stream", answer, script)


if __name__ == "__main__":
    serve(Handler)
