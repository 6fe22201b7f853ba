#!/usr/bin/env python3
"""A loopback OpenAI-compatible chat server that plays a tool-using agent.

It streams real /v1/chat/completions SSE: when the conversation ends with a user
message and a tool whose name ends in "__echo" is offered, it asks for that tool
with {"text": <the user's message minus a leading "echo ">}, split across chunks;
when the conversation ends with a tool result, it answers "Tool said: <result>".
When the user's message is "stream slowly", it streams SLOW_REPLY a word at a time and then
keeps the response open, sending nothing, until the client goes away (a reply that mcpterm is
killed in the middle of). Otherwise it answers "You said: <message>". Every answer but the slow
one ends with a usage chunk (11 prompt, 7 completion tokens). Prints its port on the first line.
Standard library only. Every request body is appended to --log when given.
"""
import argparse
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chunk(delta, finish=None):
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


# 124 words, the last one CJK: the reply a crash must not lose.
SLOW_REPLY = " ".join(f"w{i}" for i in range(123)) + " 東京の終わり"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_path = None

    def log_message(self, *args):
        pass

    def send_events(self, events):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        # The usage chunk OpenAI sends last when asked with stream_options.include_usage.
        usage = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
                 "choices": [], "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}}
        for event in events + [usage]:
            raw = ("data: " + json.dumps(event, ensure_ascii=False) + "\n\n").encode()
            # Split every event in two writes so the client sees partial lines.
            half = len(raw) // 2
            self.wfile.write(raw[:half]); self.wfile.flush()
            time.sleep(0.005)
            self.wfile.write(raw[half:]); self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n"); self.wfile.flush()
        self.close_connection = True

    def stream_then_hang(self, text):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        for word in text.split(" "):
            piece = word if word == "w0" else " " + word
            self.wfile.write(("data: " + json.dumps(chunk({"content": piece}), ensure_ascii=False) + "\n\n").encode())
            self.wfile.flush()
            time.sleep(0.01)
        try:
            while self.connection.recv(1):
                pass
        except OSError:
            pass
        self.close_connection = True

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(body, ensure_ascii=False) + "\n")
        if not self.path.endswith("/chat/completions"):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        messages = body.get("messages", [])
        last = messages[-1] if messages else {"role": "user", "content": ""}
        tools = [t["function"]["name"] for t in body.get("tools", [])]
        echo = next((t for t in tools if t.endswith("__echo")), None)
        if last.get("role") == "user" and last.get("content") == "stream slowly":
            self.stream_then_hang(SLOW_REPLY)
        elif last.get("role") == "tool":
            text = "Tool said: " + str(last.get("content", ""))
            self.send_events([chunk({"role": "assistant", "content": ""})]
                             + [chunk({"content": text[i:i + 4]}) for i in range(0, len(text), 4)]
                             + [chunk({}, "stop")])
        elif last.get("role") == "user" and echo:
            said = str(last.get("content", ""))
            if said.startswith("echo "):
                said = said[5:]
            args = json.dumps({"text": said}, ensure_ascii=False)
            cut = len(args) // 2
            self.send_events([
                chunk({"role": "assistant", "content": "Let me call the echo tool."}),
                chunk({"tool_calls": [{"index": 0, "id": "call_e2e", "type": "function",
                                       "function": {"name": echo, "arguments": ""}}]}),
                chunk({"tool_calls": [{"index": 0, "function": {"arguments": args[:cut]}}]}),
                chunk({"tool_calls": [{"index": 0, "function": {"arguments": args[cut:]}}]}),
                chunk({}, "tool_calls"),
            ])
        else:
            text = "You said: " + str(last.get("content", ""))
            self.send_events([chunk({"content": text}), chunk({}, "stop")])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log")
    args = parser.parse_args()
    Handler.log_path = args.log
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
