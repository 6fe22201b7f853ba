"""Loopback OpenAI-compatible chat server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed.
  POST /v1/chat/completions  answers the script named by the X-Fixture-Script header
                             (see SCRIPTS) and records the request
  GET  /last-request         JSON {"headers": {...lower-cased}, "body": <the request JSON>}
  GET  /hang-ended           blocks until a "hang" client has gone away: "gone" (or "still there" after 10 s)
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

last_request = {}
hang_client_gone = threading.Event()


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
    middle = stream.index("好".encode("utf-8")) + 1
    return [stream[:middle], stream[middle:]]


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
    return [stream[i:i + 7] for i in range(0, len(stream), 7)]


def stream_error():
    return [sse([chunk({"content": "partial"}), {"error": {"message": "model overloaded", "type": "server_error"}}])]


def truncated():
    return [sse([chunk({"content": "cut"})])]


SCRIPTS = {"text_cjk": text_cjk, "tool_calls": tool_calls, "stream_error": stream_error, "truncated": truncated}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):
        pass

    def _head(self, status, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        self.wfile.flush()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        last_request["headers"] = {k.lower(): v for k, v in self.headers.items()}
        last_request["body"] = json.loads(raw) if raw else None
        script = self.headers.get("X-Fixture-Script", "text_cjk")
        if self.path != "/v1/chat/completions":
            self._head(404, "application/json")
            self.wfile.write(json.dumps({"error": {"message": f"no route {self.path}"}}).encode())
        elif script == "unauthorized":
            self._head(401, "application/json")
            self.wfile.write(json.dumps({"error": {
                "message": "Incorrect API key provided: sk-test. You can find your API key at https://example.invalid.",
                "type": "invalid_request_error", "code": "invalid_api_key"}}).encode())
        elif script == "hang":
            hang_client_gone.clear()
            self._head(200, "text/event-stream")
            try:
                self.wfile.write(sse([chunk({"content": "thinking"})]))
                self.wfile.flush()
                while True:
                    time.sleep(0.05)
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except OSError:
                hang_client_gone.set()
        else:
            self._head(200, "text/event-stream")
            for piece in SCRIPTS[script]():
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
