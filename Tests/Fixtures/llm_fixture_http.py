"""The HTTP plumbing the loopback fixtures share (standard library only).

FixtureHandler: a quiet HTTP/1.0 handler with the "hang" response (stream until the client goes
away) and GET /hang-ended to learn that it went. ScriptedAPIHandler, for the LLM API fixtures,
records each POST, answers the script named by the X-Fixture-Script header through the
subclass's answer(script, body), and serves
  GET  /last-request  JSON {"headers": {...lower-cased}, "body": <the request JSON>}
  GET  /hang-ended    blocks until a "hang" client has gone away: "gone" (or "still there" after 10 s)
  GET  models_path    the subclass's model list (`models`), recorded; 401 when X-Fixture-Script is "unauthorized"
  GET  /last-get      JSON {"path": ..., "headers": {...lower-cased}} of the last models_path GET
serve(Handler) prints the port on the first stdout line, then serves until killed.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The last POST: {"headers": {lower-cased name: value}, "body": <its JSON>}.
last_request = {}
# The last GET of the model list: {"path": ..., "headers": {lower-cased name: value}}.
last_get = {}
# Set when the client of a "hang" response has gone away. One fixture process serves one test
# class, so one event is enough.
hang_client_gone = threading.Event()


def script_from_command_line(default="text_cjk"):
    """The script for requests without the header (mcpterm run by hand): the first argument."""
    return sys.argv[1] if len(sys.argv) > 1 else default


def split_inside(stream, character):
    """Two writes with the UTF-8 bytes of the first `character` split between them."""
    middle = stream.index(character.encode("utf-8")) + 1
    return [stream[:middle], stream[middle:]]


def in_pieces(stream, size=7):
    """Writes of `size` bytes, so lines and characters split across them."""
    return [stream[i:i + size] for i in range(0, len(stream), size)]


class FixtureHandler(BaseHTTPRequestHandler):
    # The body ends when the connection closes: no chunked framing, each write arrives as written.
    protocol_version = "HTTP/1.0"
    # (name, value) pairs sent with every response.
    extra_headers = ()

    def log_message(self, format, *args):
        # stdout carries the port; a line per request on stderr would only clutter test logs.
        pass

    def _head(self, status, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in self.extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def send_json(self, status, value, content_type="application/json"):
        self._head(status, content_type)
        self.wfile.write(json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def write_pieces(self, pieces, pause=0):
        for piece in pieces:
            self.wfile.write(piece)
            self.wfile.flush()
            # Give the reader a chance to see each write separately (correctness never depends on it).
            time.sleep(pause)

    def hang(self, content_type, first, keep_alive):
        """Writes `first`, then `keep_alive` every 50 ms until the client goes away."""
        hang_client_gone.clear()
        self._head(200, content_type)
        try:
            self.wfile.write(first)
            self.wfile.flush()
            while True:
                time.sleep(0.05)
                self.wfile.write(keep_alive)
                self.wfile.flush()
        except OSError:
            hang_client_gone.set()

    def wait_for_client_to_leave(self):
        """Sends nothing more; returns when the client has closed the connection."""
        try:
            while self.connection.recv(1):
                pass
        except OSError:
            pass

    def silent(self, content_type, send_head):
        """The head (or not even that), then nothing until the client goes away: a model that
        accepted the request and went quiet."""
        if send_head:
            self._head(200, content_type)
        self.wait_for_client_to_leave()

    def answer_hang_ended(self):
        gone = hang_client_gone.wait(10)
        self._head(200, "text/plain")
        self.wfile.write(b"gone" if gone else b"still there")


class ScriptedAPIHandler(FixtureHandler):
    """An LLM API: a subclass defines answer(script, body) for its POST route."""
    default_script = "text_cjk"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        last_request["headers"] = {k.lower(): v for k, v in self.headers.items()}
        last_request["body"] = json.loads(raw) if raw else None
        self.answer(self.headers.get("X-Fixture-Script", self.default_script), last_request["body"])

    def stream_script(self, content_type, pieces, script):
        self._head(200, content_type)
        # text_cjk splits a character across writes: pause so that the reader sees them apart.
        self.write_pieces(pieces, 0.01 if script == "text_cjk" else 0)

    # The provider's model-list route and its answer (set by each API's subclass).
    models_path = None
    models = {}

    def do_GET(self):
        if self.models_path and self.path.split("?")[0] == self.models_path:
            last_get["path"] = self.path
            last_get["headers"] = {k.lower(): v for k, v in self.headers.items()}
            if self.headers.get("X-Fixture-Script") == "unauthorized":
                self.send_json(401, {"error": {"message": "invalid key"}})
            else:
                self.send_json(200, self.models)
        elif self.path == "/last-get":
            self.send_json(200, last_get)
        elif self.path == "/last-request":
            self.send_json(200, last_request)
        elif self.path == "/hang-ended":
            self.answer_hang_ended()
        else:
            self._head(404, "text/plain")


def serve(handler):
    """Prints the port on the first stdout line, then serves until killed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
