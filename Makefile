# mpgo: build, test and develop. `make help` lists the targets.
GO        ?= go
BIN       := bin
FUZZTIME  ?= 60s
# Packages tested under the race detector (runtime and resources).
RACE_PKGS := ./distsys/... ./resources/...

.PHONY: help build test test-short gen gencheck check check-long bench bench-pbkvs bench-raftkv fuzz lint demo demo-toolchain clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build bin/mpgo, bin/pbkvs and bin/raftkv
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ ./cmd/...

test: lint gencheck ## the full test suite run by CI (.ci/run)
	$(GO) test -count=1 $$($(GO) list ./... | grep -v -e /distsys -e /resources)
	$(GO) test -count=1 -race $(RACE_PKGS)

test-short: ## quick tests without the race detector
	$(GO) test -short ./...

gen: ## regenerate gen/ and the translations inside specs/
	./scripts/gen.sh

gencheck: ## fail if scripts/gen.sh would change anything (part of make test)
	./scripts/gencheck.sh

check: build ## model-check the CI configurations in tlc/
	./scripts/check.sh

check-long: build ## model-check the large configurations in tlc/ (slow)
	./scripts/check.sh -long

bench: ## run all benchmarks once
	$(GO) test -run '^$$' -bench . -benchmem ./...

bench-pbkvs: ## pbkvs bench on a 3-replica loopback cluster: workloads A, B at 1, 8, 32 clients
	./scripts/bench-pbkvs.sh

bench-raftkv: ## raftkv bench on a 3-server loopback cluster: workloads A, B, C at 1..128 clients, failover time
	./scripts/bench-raftkv.sh

fuzz: ## fuzz every target for FUZZTIME each (default 60s)
	./scripts/fuzz.sh $(FUZZTIME)

lint: ## gofmt, go vet and the no-== on tla.Value check
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./scripts/valuecmp.sh

demo: build ## the main job: see README.md
	./scripts/demo.sh

demo-toolchain: ## vet, pcalgen, check and gogen one example spec, then run its Go
	./scripts/demo-toolchain.sh

clean:
	rm -rf $(BIN)
