# Charte: make run serves everything; make test checks everything.
GO      ?= go
BIN     := $(CURDIR)/.bin
export PATH := $(CURDIR)/tools:$(BIN):$(PATH)

WASMEXEC := $(BIN)/go_js_wasm_exec

.PHONY: test check native axe wasmtest releasetest run build release image containertest bench bench-proofs bench-stats fuzz clean

# The container test runs where a Docker engine answers, and always in CI.
DOCKER_UP := $(shell docker info >/dev/null 2>&1 && echo yes)
test: check native wasmtest releasetest $(if $(DOCKER_UP)$(filter true,$(CI)),containertest)

check:
	@bad=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

native: axe
	$(GO) test -count=1 ./...

# axe-core for the browser tests' accessibility checks (e2e/_npm, which
# go ./... skips; node_modules is never committed).
AXE := e2e/_npm/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): e2e/_npm/package.json e2e/_npm/package-lock.json
	cd e2e/_npm && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# GOOS=js tests run in headless Chromium through wasmbrowsertest.
wasmtest: $(WASMEXEC)
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASMEXEC) .

$(WASMEXEC):
	GOBIN=$(BIN) $(GO) install github.com/agnivade/wasmbrowsertest@v0.11.0
	mv $(BIN)/wasmbrowsertest $@

run:
	$(GO) run ./cmd/charte serve

build:
	$(GO) run ./cmd/charte build

# One binary that needs neither Go nor the source tree: the widget, its
# compressed forms and wasm_exec.js are generated into cmd/charte/release/
# (never committed) and embedded with the build tag release. CGO is off:
# the SQLite driver is pure Go, so the binary runs on any Linux.
RELEASE_FILES := cmd/charte/release
release:
	$(GO) run ./internal/prepare $(RELEASE_FILES)
	CGO_ENABLED=0 $(GO) build -trimpath -tags release -ldflags='-s -w' -o charte ./cmd/charte
	@ls -l charte

# The container image: the release binary, CA certificates, the sample
# configs and an empty /data staged in .bin/image, built FROM scratch (no
# registry needed). IMAGE names it.
IMAGE ?= charte:latest
image: release
	rm -rf .bin/image && mkdir -p .bin/image/config .bin/image/data
	cp charte Dockerfile /etc/ssl/certs/ca-certificates.crt .bin/image/
	cp config/*.json .bin/image/config/
	docker build -q -t $(IMAGE) .bin/image
	@docker image ls $(IMAGE) --format '{{.Repository}}:{{.Tag}} {{.Size}}'

# The image run as an operator runs it (internal/container's test): needs a
# running Docker engine; .ci/run starts one.
containertest: IMAGE = charte:test
containertest: image
	CHARTE_IMAGE=$(IMAGE) $(GO) test -tags container -count=1 -v -run . ./internal/container

# The release binary, run from a folder outside the tree with no Go on PATH.
releasetest: release
	$(GO) vet -tags release ./cmd/charte
	$(GO) test -tags release -count=1 -run TestReleaseBinary ./cmd/charte

# Proofs posted by 32 concurrent clients to the receiver: records/s and
# p99 on SQLite, and on PostgreSQL when CHARTE_TEST_POSTGRES is set
# (export CHARTE_TEST_POSTGRES=$$(.ci/postgres)).
bench-proofs:
	$(GO) test ./proofs -run '^$$' -bench Receiver -benchtime 20000x

# proofs stats over 1,000,000 choices in a 90-day window, and the time to
# first byte of the site's /admin/ page (PostgreSQL too when
# CHARTE_TEST_POSTGRES is set).
bench-stats:
	$(GO) test ./proofs -run '^$$' -bench Stats -benchtime 5x -timeout 30m
	$(GO) test ./admin -run '^$$' -bench SitePage -benchtime 5x -timeout 30m

fuzz:
	$(GO) test ./consent -run '^$$' -fuzz FuzzParse -fuzztime 60s

# Side by side with vanilla-cookieconsent and klaro (installed from npm in
# bench/_npm, which go ./... skips; node_modules is never committed).
# Writes bench/RESULTS.md, bench/chart.svg (desktop) and bench/mobile.svg
# (a phone on a mobile network: BenchmarkMobile, also run alone with
# -bench Mobile). CHARTE_BENCH_LOADS sets the cold loads per widget (10 on
# the desktop, 5 per profile on the phone).
bench:
	cd bench/_npm && npm ci --no-audit --no-fund --ignore-scripts
	$(GO) test ./bench -run '^$$' -bench . -benchtime 1x -timeout 30m

clean:
	rm -rf $(BIN) dist charte $(RELEASE_FILES) web/app.wasm web/app.wasm.br web/app.wasm.gz
