"""Newline-delimited JSON-RPC over stdin/stdout for the scripted (non-SDK) fixture servers.

`send(obj)` writes one message; `requests()` yields each request (a message with an id) as
(method, id, message), skipping lines that are not JSON; notifications are not yielded, their
methods are kept in `NOTIFICATIONS` (oldest first).
"""
import json
import sys


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


NOTIFICATIONS = []


def requests():
    for line in sys.stdin:
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("id") is None:
            if "method" in msg:
                NOTIFICATIONS.append(msg["method"])
            continue
        yield msg.get("method"), msg.get("id"), msg
