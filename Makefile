# mcpterm: the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
ARGS ?=

.PHONY: run test build release deps python-deps bench clean

deps:
	@bash scripts/install-system-deps.sh

python-deps:
	@bash scripts/setup-python.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product mcpterm
	$(SWIFT) build -c release --product mcpterm-demo-server

# Builds and opens mcpterm on the shipped servers.json. Named with --config: it is this repository's
# demo, which `make run` itself chose (and just built), so it is not a stranger's project file to ask
# about. A later --config in ARGS wins.
run: release
	./.build/release/mcpterm --config servers.json $(ARGS)

# Same set-up, plus the Python MCP servers the tests talk to, then every test.
test: deps python-deps
	$(SWIFT) build --build-tests
	# Every test is XCTest; without Swift Testing the run ends on XCTest's own summary line.
	$(SWIFT) test --disable-swift-testing

# Round trips and ready times, mcpterm vs the Python SDK client; see BENCHMARKS.md.
bench: deps python-deps
	$(SWIFT) build -c release --product mcpterm-demo-server
	$(SWIFT) build -c release --product mcpterm-bench
	$(SWIFT) run -c release mcpterm-bench

clean:
	rm -rf .build .venv
