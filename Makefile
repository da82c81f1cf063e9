# Charte: make run serves everything; make test checks everything.
GO      ?= go
BIN     := $(CURDIR)/.bin
export PATH := $(CURDIR)/tools:$(BIN):$(PATH)

WASMEXEC := $(BIN)/go_js_wasm_exec

.PHONY: test check native axe wasmtest run build bench fuzz clean

test: check native wasmtest

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
	rm -rf $(BIN) dist web/app.wasm web/app.wasm.br web/app.wasm.gz
