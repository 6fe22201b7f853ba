"""Round-trip benchmark of the Python MCP SDK's own client (mcp 2.x), for mcpterm-bench.

Starts one stdio server with `mcp.client.stdio.stdio_client`, initializes a
`mcp.ClientSession`, then measures sequential `ping` and `tools/call echo
{"text": "hello"}` round trips, after a warm-up of each. Prints one JSON object
per measurement on stdout:

    {"op": "ping", "iterations": 2000, "seconds": 1.23, "round_trips_per_s": 1626.0,
     "p50_us": 600.0, "p99_us": 900.0}

Percentiles use the nearest-rank method, the same as mcpterm-bench uses for its
own client, so the two rows compare like for like.

Usage:
    .venv/bin/python scripts/bench_python_client.py --command PATH [--args A B ...]
        [--iterations 2000] [--warmup 100]
"""
import argparse
import json
import math
import sys
import time

import anyio
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


def nearest_rank(sorted_values: list[int], fraction: float) -> int:
    """The value at rank ceil(fraction * n) (1-based), as in mcpterm-bench."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(op: str, durations_ns: list[int], total_ns: int) -> dict:
    ordered = sorted(durations_ns)
    seconds = total_ns / 1e9
    return {
        "op": op,
        "iterations": len(durations_ns),
        "seconds": seconds,
        "round_trips_per_s": len(durations_ns) / seconds if seconds > 0 else 0.0,
        "p50_us": nearest_rank(ordered, 0.50) / 1000.0,
        "p99_us": nearest_rank(ordered, 0.99) / 1000.0,
    }


async def measure(op: str, call, iterations: int, warmup: int) -> dict:
    for _ in range(warmup):
        await call()
    durations: list[int] = []
    started = time.perf_counter_ns()
    for _ in range(iterations):
        before = time.perf_counter_ns()
        await call()
        durations.append(time.perf_counter_ns() - before)
    return summary(op, durations, time.perf_counter_ns() - started)


async def run(command: str, args: list[str], iterations: int, warmup: int) -> None:
    params = StdioServerParameters(command=command, args=args)
    # The server's stderr is not part of the measurement; keep the bench output clean.
    with open("/dev/null", "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read_stream, write_stream):
            async with ClientSession(read_stream, write_stream) as session:
                await session.initialize()

                async def ping():
                    await session.send_ping()

                async def echo():
                    result = await session.call_tool("echo", {"text": "hello"})
                    if result.is_error:
                        raise RuntimeError(f"echo on {command} returned an error: {result.content}")

                for op, call in (("ping", ping), ("tools/call echo", echo)):
                    print(json.dumps(await measure(op, call, iterations, warmup)), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", required=True, help="the server program to start")
    parser.add_argument("--args", nargs="*", default=[], help="its arguments")
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    options = parser.parse_args()
    if options.iterations < 1:
        parser.error("--iterations must be at least 1")
    anyio.run(run, options.command, options.args, options.iterations, options.warmup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
