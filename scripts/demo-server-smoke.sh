#!/usr/bin/env bash
# Smoke test of mcpterm-demo-server over stdio: builds it, starts it in a scratch directory with
# a few fixture files, speaks JSON-RPC to it (initialize, tools/list, every tool, progress,
# cancellation, resources, prompts, logging, shutdown on EOF) and exits non-zero on any wrong answer.
# Usage: scripts/demo-server-smoke.sh [path/to/mcpterm-demo-server]   (builds it when no path is given)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ $# -ge 1 ]]; then
    bin="$(realpath "$1")"
else
    swift build --package-path "$root" --product mcpterm-demo-server >&2
    bin="$(swift build --package-path "$root" --show-bin-path)/mcpterm-demo-server"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sub"
printf 'hello 世界\n' > "$work/hello.txt"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' > "$work/big.txt"
printf 'a\0b' > "$work/bin.dat"
ln -s /etc/passwd "$work/escape-link"

cd "$work"
exec python3 - "$bin" <<'PY'
import json, queue, re, subprocess, sys, threading

proc = subprocess.Popen([sys.argv[1]], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
lines = queue.Queue()

def pump():
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)  # EOF

threading.Thread(target=pump, daemon=True).start()
failures = []
notifications = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def send(message):
    proc.stdin.write((json.dumps(message) + "\n").encode())
    proc.stdin.flush()

def next_message(timeout=10):
    line = lines.get(timeout=timeout)
    if line is None:
        raise SystemExit("FAIL server closed stdout")
    return json.loads(line)

def wait_for(predicate, timeout=10):
    """Reads messages until one matches; the others that are notifications are kept."""
    while True:
        message = next_message(timeout)
        if predicate(message):
            return message
        if "id" not in message:
            notifications.append(message)
        else:
            raise SystemExit(f"FAIL unexpected response {message}")

next_id = 0
def request(method, params=None):
    global next_id
    next_id += 1
    message = {"jsonrpc": "2.0", "id": next_id, "method": method}
    if params is not None:
        message["params"] = params
    send(message)
    return wait_for(lambda m: m.get("id") == next_id and ("result" in m or "error" in m))

def call(name, arguments, meta=None):
    params = {"name": name, "arguments": arguments}
    if meta:
        params["_meta"] = meta
    return request("tools/call", params)["result"]

def text(result):
    return result["content"][0]["text"]

init = request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                              "clientInfo": {"name": "smoke", "version": "0"}})["result"]
check(init["protocolVersion"] == "2025-11-25", "initialize negotiates 2025-11-25")
caps = init["capabilities"]
check(caps.get("tools", {}).get("listChanged") is True and all(k in caps for k in ("resources", "prompts", "logging")),
      "capabilities: tools(listChanged), resources, prompts, logging")
check(init["serverInfo"]["name"] == "mcpterm-demo-server", "serverInfo.name")
send({"jsonrpc": "2.0", "method": "notifications/initialized"})

tools = request("tools/list")["result"]["tools"]
check(sorted(t["name"] for t in tools) == ["add", "clock", "echo", "read_file", "slow"], "tools/list names")
check(all(t.get("description") and t["inputSchema"]["type"] == "object" and t["annotations"].get("readOnlyHint") is True
          for t in tools), "every tool has a description, an object schema and readOnlyHint")

check(text(call("echo", {"text": "こんにちは 👩‍💻 \\n"})) == "こんにちは 👩‍💻 \\n", "echo returns CJK and emoji unchanged")
check(text(call("echo", {"text": "data:text/plain;base64,aGk="})) == "data:text/plain;base64,aGk=", "echo returns a data: URL unchanged")
check(call("echo", {})["isError"] is True, "echo without text is an error result")

r = call("add", {"a": 2, "b": 3})
check(text(r) == "2 + 3 = 5" and r["structuredContent"] == {"sum": 5}, "add 2 + 3 = 5 with structuredContent")
check(call("add", {"a": 0.5, "b": 3})["structuredContent"] == {"sum": 3.5}, "add 0.5 + 3 = 3.5")
check(call("add", {"a": "x", "b": 3})["isError"] is True, "add with a string is an error result")

clock = text(call("clock", {"timezone": "UTC"}))
check(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00) \(\w+day, UTC\)$", clock) is not None, f"clock in UTC: {clock}")
r = call("clock", {"timezone": "Mars/Olympus_Mons"})
check(r.get("isError") is True and "Mars/Olympus_Mons" in text(r), "clock with an unknown zone names it in an error result")

check(text(call("read_file", {"path": "hello.txt"})) == "hello 世界\n", "read_file reads a text file")
check(text(call("read_file", {"path": "sub/../hello.txt"})) == "hello 世界\n", "read_file allows .. that stays inside")
for path, words in [("/etc/passwd", "absolute"), ("../etc/passwd", "outside"), ("sub/../../etc/passwd", "outside"), ("escape-link", "outside"),
                    ("big.txt", "1 MiB"), ("bin.dat", "binary"), ("missing.txt", "no such file"), ("sub", "directory")]:
    r = call("read_file", {"path": path})
    check(r.get("isError") is True and words in text(r), f"read_file refuses {path} ({words}): {text(r)}")

notifications.clear()
r = call("slow", {"seconds": 1}, meta={"progressToken": "p1"})
progress = [n["params"] for n in notifications if n["method"] == "notifications/progress"]
check(text(r) == "waited 1 s" and progress == [{"progressToken": "p1", "progress": 1, "total": 1, "message": "waited 1 of 1 s"}],
      "slow 1 s sends one progress notification, then its result")
check(call("slow", {"seconds": 31})["isError"] is True, "slow refuses more than 30 s")

next_id += 1
slow_id = next_id
send({"jsonrpc": "2.0", "id": slow_id, "method": "tools/call",
      "params": {"name": "slow", "arguments": {"seconds": 30}, "_meta": {"progressToken": "c1"}}})
wait_for(lambda m: m.get("method") == "notifications/progress" and m["params"]["progressToken"] == "c1")
send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": slow_id, "reason": "smoke"}})
check("result" in request("ping"), "ping answers while a call is cancelled (the cancelled call sends no response)")

err = request("tools/call", {"name": "nope", "arguments": {}})
check(err.get("error", {}).get("code") == -32602, "an unknown tool is a -32602 protocol error")

resources = request("resources/list")["result"]["resources"]
check([(r["uri"], r["mimeType"]) for r in resources] == [("demo://readme", "text/markdown")], "resources/list has demo://readme")
contents = request("resources/read", {"uri": "demo://readme"})["result"]["contents"]
check(contents[0]["text"].startswith("# mcpterm demo server"), "resources/read demo://readme")

prompts = request("prompts/list")["result"]["prompts"]
check([(p["name"], p["arguments"][0]["name"], p["arguments"][0]["required"]) for p in prompts] == [("summarize", "text", True)],
      "prompts/list has summarize(text, required)")
messages = request("prompts/get", {"name": "summarize", "arguments": {"text": "東京は大きい"}})["result"]["messages"]
check(messages[0]["role"] == "user" and "東京は大きい" in messages[0]["content"]["text"], "prompts/get summarize")
check("error" in request("prompts/get", {"name": "summarize", "arguments": {}}), "prompts/get without text is an error")

notifications.clear()
call("echo", {"text": "x"})
check([n["params"]["data"] for n in notifications if n["method"] == "notifications/message"] == [{"event": "tools/call", "tool": "echo"}],
      "a tool call logs an info notifications/message before its result")
request("logging/setLevel", {"level": "warning"})
notifications.clear()
call("echo", {"text": "x"})
check(not [n for n in notifications if n["method"] == "notifications/message"], "logging/setLevel warning silences info logs")

proc.stdin.close()
try:
    code = proc.wait(timeout=10)
except subprocess.TimeoutExpired:
    proc.kill()
    code = None
check(code == 0, f"server exits with 0 when stdin closes (got {code})")
leftover = [json.loads(line) for line in iter(lambda: lines.get(timeout=10), None)]
check(not any(m.get("id") == slow_id for m in leftover), "the cancelled slow call never answered")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("demo server smoke test passed")
PY
