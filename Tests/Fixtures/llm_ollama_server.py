"""Loopback Ollama server for LLMTests (standard library only).

Prints its port on the first stdout line, then serves until killed. The optional first argument
names the script for requests without the header (to try mcpterm by hand).
  POST /api/chat      answers the script named by the X-Fixture-Script header (see SCRIPTS) with
                      Ollama's newline-delimited JSON chunks and records the request
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
    middle = stream.index("好".encode("utf-8")) + 1
    return [stream[:middle], stream[middle:]]


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
    return [stream[i:i + 7] for i in range(0, len(stream), 7)]


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


SCRIPTS = {"text_cjk": text_cjk, "tool_calls": tool_calls, "length": length,
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

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        last_request["headers"] = {k.lower(): v for k, v in self.headers.items()}
        last_request["body"] = json.loads(raw) if raw else None
        script = self.headers.get("X-Fixture-Script", DEFAULT_SCRIPT)
        model = (last_request["body"] or {}).get("model", "")
        if self.path != "/api/chat":
            self._head(404, "text/plain")
            self.wfile.write(b"404 page not found")
        elif script == "not_found":
            self._head(404, "application/json; charset=utf-8")
            self.wfile.write(json.dumps({"error": f"model \"{model}\" not found, try pulling it first"}).encode())
        elif script == "unauthorized":
            key = self.headers.get("authorization", "")
            self._head(401, "application/json; charset=utf-8")
            self.wfile.write(json.dumps({"error": f"unauthorized: {key}"}).encode())
        elif script == "hang":
            hang_client_gone.clear()
            self._head(200, "application/x-ndjson")
            try:
                self.wfile.write(ndjson([chunk("thinking")]))
                self.wfile.flush()
                while True:
                    time.sleep(0.05)
                    self.wfile.write(ndjson([chunk()]))
                    self.wfile.flush()
            except OSError:
                hang_client_gone.set()
        else:
            self._head(200, "application/x-ndjson")
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
