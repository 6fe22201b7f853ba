"""Loopback Anthropic Messages API server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed. The optional first argument
names the script for requests without the header (to try mcpterm by hand).
  POST /v1/messages   answers the script named by the X-Fixture-Script header (see SCRIPTS) with
                      real Messages-API server-sent events and records the request
  GET  /last-request  JSON {"headers": {...lower-cased}, "body": <the request JSON>}
  GET  /hang-ended    blocks until a "hang" client has gone away: "gone" (or "still there" after 10 s)
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

last_request = {}
# The script for requests without the header (mcpterm run by hand): the first argument.
DEFAULT_SCRIPT = sys.argv[1] if len(sys.argv) > 1 else "text_cjk"
hang_client_gone = threading.Event()


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
    middle = stream.index("好".encode("utf-8")) + 1
    return [stream[:middle], stream[middle:]]


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
    return [stream[i:i + 7] for i in range(0, len(stream), 7)]


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


SCRIPTS = {"text_cjk": text_cjk, "tool_use": tool_use, "max_tokens": max_tokens,
           "stream_error": stream_error, "truncated": truncated}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):
        pass

    def _head(self, status, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        self.wfile.flush()

    def _error(self, status, kind, message):
        self._head(status, "application/json")
        self.wfile.write(json.dumps({"type": "error", "error": {"type": kind, "message": message},
                                     "request_id": "req_fixture"}).encode())

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        last_request["headers"] = {k.lower(): v for k, v in self.headers.items()}
        last_request["body"] = json.loads(raw) if raw else None
        script = self.headers.get("X-Fixture-Script", DEFAULT_SCRIPT)
        if self.path != "/v1/messages":
            self._error(404, "not_found_error", f"no route {self.path}")
        elif script == "unauthorized":
            # The real API does not echo the key; a proxy might, and it must not reach the screen.
            key = self.headers.get("x-api-key", "")
            self._error(401, "authentication_error", f"invalid x-api-key {key}")
        elif script == "hang":
            hang_client_gone.clear()
            self._head(200, "text/event-stream")
            try:
                self.wfile.write(message_start() + event("content_block_start", index=0,
                                                         content_block={"type": "text", "text": ""})
                                 + event("content_block_delta", index=0, delta={"type": "text_delta", "text": "thinking"}))
                self.wfile.flush()
                while True:
                    time.sleep(0.05)
                    self.wfile.write(event("ping"))
                    self.wfile.flush()
            except OSError:
                hang_client_gone.set()
        else:
            self._head(200, "text/event-stream")
            pieces = agent(last_request["body"]) if script == "agent" else SCRIPTS[script]()
            for piece in pieces:
                self.wfile.write(piece)
                self.wfile.flush()
                # Give the reader a chance to see each write separately (correctness never depends on it).
                time.sleep(0.01 if script == "text_cjk" else 0)

    def do_GET(self):
        if self.path == "/last-request":
            self._head(200, "application/json")
            self.wfile.write(json.dumps(last_request, ensure_ascii=False).encode("utf-8"))
        elif self.path == "/hang-ended":
            gone = hang_client_gone.wait(10)
            self._head(200, "text/plain")
            self.wfile.write(b"gone" if gone else b"still there")
        else:
            self._head(404, "text/plain")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
