package toolchain

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/charte/charte/internal/goappclient"
)

// The client links only the widget's own packages and go-app: server code,
// the CLI or a test tool in app.wasm would cost every first visitor, and a
// package missing from wasmSources would leave a stale app.wasm in serve.
// No HTTP server either, go-app's included: net/http and the TLS it pulls
// in were a quarter of the brotli-compressed wasm.
func TestWasmLinksClientCodeOnly(t *testing.T) {
	root, err := ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	modfile, err := goappclient.Modfile(goTool(), root, widgetPkg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-modfile", modfile, "-deps", "-f", "{{if .Standard}}std:{{end}}{{.ImportPath}}", widgetPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const self = "github.com/charte/charte/"
	allowed := []string{"github.com/maxence-charriere/go-app/v10/", "github.com/google/uuid"}
	var ours int
	serverOnly := []string{"net/http", "crypto/tls", "crypto/x509", "mime/multipart"}
	for _, p := range strings.Fields(string(out)) {
		if std, ok := strings.CutPrefix(p, "std:"); ok {
			if slices.Contains(serverOnly, std) {
				t.Errorf("app.wasm links %s", std)
			}
			continue
		}
		if rel, ok := strings.CutPrefix(p, self); ok {
			ours++
			in := false
			for _, dir := range wasmSources {
				in = in || rel == dir || strings.HasPrefix(rel, dir+"/")
			}
			if !in {
				t.Errorf("app.wasm links %s, which is not in wasmSources", p)
			}
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || strings.HasPrefix(p, a)
		}
		if !ok {
			t.Errorf("app.wasm links %s", p)
		}
	}
	if ours < 5 {
		t.Errorf("go list found only %d of Charte's packages:\n%s", ours, out)
	}
}
