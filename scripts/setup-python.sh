#!/usr/bin/env bash
# Creates .venv/ with the real MCP servers the tests talk to (Python SDK 2.x,
# mcp-server-time). Re-running is cheap: pip skips what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r Tests/Fixtures/requirements.txt
