"""Loopback HTTP server for HTTPStreamingTests (standard library only).

Prints its port on the first stdout line, then serves until killed:
  GET  /chunks?n=N      N body chunks "chunk-i\n", each flushed separately (HTTP/1.0, ends at close)
  GET  /status/CODE     that status with body "failure CODE from fixture"
  ANY  /echo            JSON {"method", "path", "headers", "body"} of the request
  GET  /hang            one chunk, then a keep-alive chunk every 50 ms until the client goes away
  GET  /silent          the head only, then nothing (until the client goes away)
  GET  /chunks-written   blocks until a /chunks response has been fully written (10 s at most)
  GET  /hang-ended      blocks until a /hang client has gone away; answers "gone" (or "still there" after 10 s)
"""
import json
import threading

from llm_fixture_http import FixtureHandler, serve

chunks_written = threading.Event()


class Handler(FixtureHandler):
    # A repeated header: the client must keep its last value.
    extra_headers = (("X-Fixture", "first"), ("X-Fixture", "last"))

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _echo(self):
        body = self._body()
        self._head(200, "application/json")
        payload = {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
        }
        self.wfile.write(json.dumps(payload).encode())

    def do_GET(self):
        if self.path.startswith("/chunks?"):
            n = int(self.path.split("n=")[1]) if "n=" in self.path else 5
            self._head(200)
            for i in range(n):
                self.wfile.write(f"chunk-{i}\n".encode())
                self.wfile.flush()
            chunks_written.set()
        elif self.path.startswith("/status/"):
            code = int(self.path.rsplit("/", 1)[1])
            self._head(code)
            self.wfile.write(f"failure {code} from fixture".encode())
        elif self.path == "/echo":
            self._echo()
        elif self.path == "/hang":
            self.hang("text/plain", b"first\n", b".")
        elif self.path == "/silent":
            self._head(200)
            try:
                while self.connection.recv(1):
                    pass
            except OSError:
                pass
        elif self.path == "/chunks-written":
            written = chunks_written.wait(10)
            self._head(200)
            self.wfile.write(b"written" if written else b"not written")
        elif self.path == "/hang-ended":
            self.answer_hang_ended()
        else:
            self._head(404)
            self.wfile.write(b"no such fixture path")

    def do_POST(self):
        self._echo()

    def do_DELETE(self):
        self._echo()


if __name__ == "__main__":
    serve(Handler)
