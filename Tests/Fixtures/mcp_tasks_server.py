"""MCP fixture for the 2026-07-28 tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663),
served by the Python SDK 2.x `MCPServer` through its extension interface (SEP-2133): the
extension intercepts `tools/call` and answers some calls with a task handle
(`resultType: "task"`), and serves `tasks/get`, `tasks/update` and `tasks/cancel`.

Usage: mcp_tasks_server.py   (stdio; the client must speak 2026-07-28 and declare the extension)

Tools (each one a task; every task polls at 20 ms):
  report(steps)  working for `steps` polls, "step i of N", then completed with "report ready".
  deploy         input_required with an elicitation (form "Deploy to production?", field
                 `confirm`: boolean); tasks/update answers it; completed with "deployed: <answer>".
  doomed         failed with JSON-RPC error -32603 "the build broke".
  forever        working until tasks/cancel.
  mystery        not a task: answers resultType "mystery" (an unknown result type).
  cancelled      not a task: the ids that tasks/cancel was called with, as JSON text.
"""
import datetime
import json
import sys
import uuid
import warnings
from typing import Any

from mcp.server.context import ServerRequestContext
from mcp.server.extension import Extension, MethodBinding
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.server import require_client_extension
from mcp.shared.exceptions import MCPError
from mcp_types import RequestParams

warnings.simplefilter("ignore")

TASKS = "io.modelcontextprotocol/tasks"
TASK_TOOLS = {"report", "deploy", "doomed", "forever"}
tasks: dict[str, dict[str, Any]] = {}
cancelled_ids: list[str] = []


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class TaskIdParams(RequestParams):
    taskId: str


class UpdateParams(RequestParams):
    taskId: str
    inputResponses: dict[str, Any]


def view(task: dict[str, Any]) -> dict[str, Any]:
    """The task as tasks/get shows it (inlined result, error or inputRequests)."""
    shown = {key: task[key] for key in ("taskId", "status", "createdAt", "lastUpdatedAt", "ttlMs", "pollIntervalMs")}
    for key in ("statusMessage", "result", "error", "inputRequests"):
        if key in task:
            shown[key] = task[key]
    return shown


def text_result(text: str) -> dict[str, Any]:
    # The SDK gives a tool returning str the outputSchema {"result": string}: match it.
    return {"content": [{"type": "text", "text": text}], "structuredContent": {"result": text}, "isError": False}


def advance(task: dict[str, Any]) -> None:
    """One poll's worth of work."""
    if task["status"] in ("completed", "failed", "cancelled"):
        return
    task["polls"] += 1
    task["lastUpdatedAt"] = now()
    kind = task["kind"]
    if kind == "report":
        steps = task["steps"]
        if task["polls"] > steps:
            task["status"] = "completed"
            task["statusMessage"] = "done"
            task["result"] = text_result("report ready")
        else:
            task["statusMessage"] = f"step {task['polls']} of {steps}"
    elif kind == "deploy":
        if "answer" in task:
            task.pop("inputRequests", None)
            task["status"] = "completed"
            task["statusMessage"] = "deployed"
            task["result"] = text_result(f"deployed: {json.dumps(task['answer'], sort_keys=True)}")
        else:
            task["status"] = "input_required"
            task["statusMessage"] = "waiting for confirmation"
            task["inputRequests"] = {"confirm-1": {"method": "elicitation/create", "params": {
                "mode": "form", "message": "Deploy to production?",
                "requestedSchema": {"type": "object", "properties": {
                    "confirm": {"type": "boolean", "title": "Confirm"}}, "required": ["confirm"]}}}}
    elif kind == "doomed":
        task["status"] = "failed"
        task["error"] = {"code": -32603, "message": "the build broke"}


async def get_task(ctx: ServerRequestContext, params: TaskIdParams) -> dict[str, Any]:
    task = tasks.get(params.taskId)
    if task is None:
        raise MCPError(code=-32602, message=f"unknown task {params.taskId}")
    advance(task)
    return view(task)


async def update_task(ctx: ServerRequestContext, params: UpdateParams) -> dict[str, Any]:
    task = tasks.get(params.taskId)
    if task is None:
        raise MCPError(code=-32602, message=f"unknown task {params.taskId}")
    answer = params.inputResponses.get("confirm-1")
    if answer is not None and task["status"] == "input_required":
        task["answer"] = answer
        task["status"] = "working"
    return {}


async def cancel_task(ctx: ServerRequestContext, params: TaskIdParams) -> dict[str, Any]:
    task = tasks.get(params.taskId)
    if task is None:
        raise MCPError(code=-32602, message=f"unknown task {params.taskId}")
    cancelled_ids.append(params.taskId)
    if task["status"] not in ("completed", "failed", "cancelled"):
        task["status"] = "cancelled"
    return {}


class TasksExtension(Extension):
    identifier = TASKS

    def methods(self):
        return [MethodBinding("tasks/get", TaskIdParams, get_task),
                MethodBinding("tasks/update", UpdateParams, update_task),
                MethodBinding("tasks/cancel", TaskIdParams, cancel_task)]

    async def intercept_tool_call(self, params, ctx, call_next):
        if params.name == "mystery":
            return {"resultType": "mystery", "content": [{"type": "text", "text": "?"}]}
        if params.name not in TASK_TOOLS:
            return await call_next(ctx)
        require_client_extension(ctx, TASKS)
        task_id = str(uuid.uuid4())
        stamp = now()
        task = {"taskId": task_id, "status": "working", "createdAt": stamp, "lastUpdatedAt": stamp,
                "ttlMs": 60000, "pollIntervalMs": 20, "statusMessage": "queued", "polls": 0,
                "kind": params.name, "steps": int((params.arguments or {}).get("steps", 3))}
        tasks[task_id] = task
        return {"resultType": "task", **view(task)}


mcp = MCPServer("tasks-fixture", extensions=[TasksExtension()])


@mcp.tool()
def report(steps: int = 3) -> str:
    """Write a report (runs as a task)."""
    return "not reached"


@mcp.tool()
def deploy() -> str:
    """Deploy, after the user confirms (runs as a task)."""
    return "not reached"


@mcp.tool()
def doomed() -> str:
    """Fail (runs as a task)."""
    return "not reached"


@mcp.tool()
def forever() -> str:
    """Never finish (runs as a task)."""
    return "not reached"


@mcp.tool()
def mystery() -> str:
    """Answer an unknown result type."""
    return "not reached"


@mcp.tool()
def cancelled() -> str:
    """The task ids tasks/cancel was called with."""
    return json.dumps(cancelled_ids)


if __name__ == "__main__":
    mcp.run("stdio")
