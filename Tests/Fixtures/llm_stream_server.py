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
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

hang_client_gone = threading.Event()
chunks_written = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):
        pass

    def _head(self, status, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("X-Fixture", "first")
        self.send_header("X-Fixture", "last")
        self.end_headers()
        self.wfile.flush()

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
            hang_client_gone.clear()
            self._head(200)
            try:
                self.wfile.write(b"first\n")
                self.wfile.flush()
                while True:
                    time.sleep(0.05)
                    self.wfile.write(b".")
                    self.wfile.flush()
            except OSError:
                hang_client_gone.set()
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
            gone = hang_client_gone.wait(10)
            self._head(200)
            self.wfile.write(b"gone" if gone else b"still there")
        else:
            self._head(404)
            self.wfile.write(b"no such fixture path")

    def do_POST(self):
        self._echo()

    def do_DELETE(self):
        self._echo()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
