"""A scripted, stdlib-only MCP server over stdio for the 2025-11-25 experimental tasks
(basic/utilities/tasks), which the Python SDK 2.x deliberately does not serve: it declares
`tasks.requests.tools.call` and `tasks.cancel`, and its tools say `execution.taskSupport`.

Tools:
  report    taskSupport "required": a task that works for 2 polls ("step i of 2"), then completes
            with "report ready"; tasks/result gives the result. Called without `task` it fails
            with -32601, as the spec says.
  deploy    "required": goes to input_required; its tasks/result sends elicitation/create
            (related-task meta) and answers with the user's answer as JSON text.
  doomed    "required": fails; tasks/result answers the JSON-RPC error -32000 "disk full".
  forever   "required": works until tasks/cancel.
  plain     "optional": answers "plain ok (task: yes|no)".
  cancelled no taskSupport: the task ids tasks/cancel was called with, as JSON text.
"""
import json
import uuid

from jsonrpc_stdio import requests, send

TOOLS = [
    {"name": "report", "inputSchema": {"type": "object"}, "execution": {"taskSupport": "required"}},
    {"name": "deploy", "inputSchema": {"type": "object"}, "execution": {"taskSupport": "required"}},
    {"name": "doomed", "inputSchema": {"type": "object"}, "execution": {"taskSupport": "required"}},
    {"name": "forever", "inputSchema": {"type": "object"}, "execution": {"taskSupport": "required"}},
    {"name": "plain", "inputSchema": {"type": "object"}, "execution": {"taskSupport": "optional"}},
    {"name": "cancelled", "inputSchema": {"type": "object"}},
]
REQUIRED = {tool["name"] for tool in TOOLS if tool.get("execution", {}).get("taskSupport") == "required"}
STAMP = "2025-11-25T10:30:00Z"
tasks = {}
cancelled_ids = []
# The tasks/result request waiting for the elicitation answer: (request id, task id).
waiting = None


def text(value):
    return {"content": [{"type": "text", "text": value}], "isError": False}


def shown(task):
    fields = {"taskId": task["taskId"], "status": task["status"], "createdAt": STAMP,
              "lastUpdatedAt": STAMP, "ttl": 60000, "pollInterval": 20}
    if "statusMessage" in task:
        fields["statusMessage"] = task["statusMessage"]
    return fields


def advance(task):
    if task["status"] in ("completed", "failed", "cancelled", "input_required"):
        return
    task["polls"] += 1
    kind = task["kind"]
    if kind == "report":
        if task["polls"] > 2:
            task["status"] = "completed"
            task["statusMessage"] = "done"
        else:
            task["statusMessage"] = f"step {task['polls']} of 2"
    elif kind == "deploy":
        task["status"] = "input_required"
        task["statusMessage"] = "waiting for confirmation"
    elif kind == "doomed":
        task["status"] = "failed"


def answer_result(mid, task):
    kind = task["kind"]
    meta = {"io.modelcontextprotocol/related-task": {"taskId": task["taskId"]}}
    if kind == "doomed":
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32000, "message": "disk full"}})
    elif kind == "report":
        send({"jsonrpc": "2.0", "id": mid, "result": {**text("report ready"), "_meta": meta}})
    elif kind == "deploy":
        send({"jsonrpc": "2.0", "id": mid, "result": {**text("deployed: " + json.dumps(task["answer"], sort_keys=True)),
                                                      "_meta": meta}})


for method, mid, msg in requests():
    if method is None:
        # A response: the elicitation answer a blocked tasks/result waits for.
        if waiting is not None and mid == "elicit-1":
            result_id, task_id = waiting
            waiting = None
            task = tasks[task_id]
            task["answer"] = msg.get("result") or msg.get("error")
            task["status"] = "completed"
            answer_result(result_id, task)
        continue
    params = msg.get("params") or {}
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": mid, "result": {
            "protocolVersion": "2025-11-25",
            "capabilities": {"tools": {}, "tasks": {"cancel": {}, "requests": {"tools": {"call": {}}}}},
            "serverInfo": {"name": "tasks-legacy", "version": "1.0"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": mid, "result": {"tools": TOOLS}})
    elif method == "tools/call":
        name = params.get("name")
        augmented = "task" in params
        if name == "cancelled":
            send({"jsonrpc": "2.0", "id": mid, "result": text(json.dumps(cancelled_ids))})
        elif name == "plain":
            send({"jsonrpc": "2.0", "id": mid, "result": text(f"plain ok (task: {'yes' if augmented else 'no'})")})
        elif name in REQUIRED and not augmented:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": f"{name} must be called as a task"}})
        else:
            task = {"taskId": str(uuid.uuid4()), "status": "working", "kind": name, "polls": 0}
            tasks[task["taskId"]] = task
            send({"jsonrpc": "2.0", "id": mid, "result": {"task": shown(task)}})
    elif method == "tasks/get":
        task = tasks.get(params.get("taskId"))
        if task is None:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "unknown task"}})
            continue
        advance(task)
        send({"jsonrpc": "2.0", "id": mid, "result": shown(task)})
    elif method == "tasks/result":
        task = tasks.get(params.get("taskId"))
        if task is None:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "unknown task"}})
        elif task["status"] == "input_required":
            waiting = (mid, task["taskId"])
            send({"jsonrpc": "2.0", "id": "elicit-1", "method": "elicitation/create", "params": {
                "mode": "form", "message": "Deploy to production?",
                "requestedSchema": {"type": "object", "properties": {"confirm": {"type": "boolean"}},
                                    "required": ["confirm"]},
                "_meta": {"io.modelcontextprotocol/related-task": {"taskId": task["taskId"]}}}})
        else:
            answer_result(mid, task)
    elif method == "tasks/cancel":
        task = tasks.get(params.get("taskId"))
        cancelled_ids.append(params.get("taskId"))
        if task is None or task["status"] in ("completed", "failed", "cancelled"):
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "task is not running"}})
        else:
            task["status"] = "cancelled"
            send({"jsonrpc": "2.0", "id": mid, "result": shown(task)})
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": mid, "result": {}})
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": f"no method {method}"}})
