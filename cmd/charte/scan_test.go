package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// The demo page of exemple.fr, as charte serve shows it, scans clean: the
// statistics sample runs only once accepted. The wasm is a stub: the
// scan chooses through window.charte, which works without it.
func TestScanDemo(t *testing.T) {
	sites, errs := inventory.LoadDir("../../config")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	loader, err := toolchain.LoaderJS()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(sites, &server.Wasm{Hash: "000000000000"}, loader))
	defer srv.Close()

	dir := t.TempDir()
	report, md, draft := filepath.Join(dir, "report.json"), filepath.Join(dir, "report.md"), filepath.Join(dir, "exemple.fr.json")
	var out, errb bytes.Buffer
	code := run([]string{"scan", "-config", "../../config/exemple.fr.json", "-pages", "3", "-json", report, "-md", md, "-suggest", draft,
		srv.URL + "/demo/exemple.fr/"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	for _, w := range []string{"charte scan: 3 pages, passes no-choice, refuse-all, accept-all", "OK: nothing runs without consent", "0 violations, 0 undeclared, 0 over 13 months, 2 stale"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("stdout lacks %q:\n%s", w, out.String())
		}
	}
	if !strings.Contains(errb.String(), "scan: accept-all 3/3 ") {
		t.Errorf("no progress on stderr:\n%s", errb.String())
	}
	var r struct {
		Passes []struct {
			Name    string
			Cookies []struct{ Name, SetBy string }
		}
		Summary struct{ Exit, Pages int }
	}
	b, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(b, &r) != nil || r.Summary.Pages != 3 || len(r.Passes) != 3 {
		t.Fatalf("report.json (%v): %.400s", err, b)
	}
	if len(r.Passes[0].Cookies) != 0 || len(r.Passes[2].Cookies) != 3 {
		t.Errorf("cookies: none before a choice, cookies_preferences and the two _pk_ after accepting: %+v", r.Passes)
	}
	if b, _ := os.ReadFile(md); !bytes.Contains(b, []byte("## Cookies after “Tout accepter” (accept all)")) {
		t.Errorf("report.md:\n%s", b)
	}
	// The draft is the config itself here (nothing undeclared), and valid.
	out.Reset()
	if code := run([]string{"validate", draft}, &out, &errb); code != 0 {
		t.Errorf("the draft does not validate: %s", errb.String())
	}
}

func TestScanBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"scan"}, "", "usage: charte scan"},
		{[]string{"scan", "ftp://example.org/"}, "", `"ftp://example.org/" is not an http(s) URL`},
		{[]string{"scan", "-config", "../../config/missing.json", "http://127.0.0.1:1/"}, "", "missing.json"},
		{[]string{"scan", "http://127.0.0.1:1/"}, filepath.Join(t.TempDir(), "no-chromium"), "install it with `apt-get install chromium`"},
	} {
		if c.env != "" {
			t.Setenv("CHROMIUM", c.env)
		}
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
		if c.env != "" && strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("no Chromium: want one line, got %q", errb.String())
		}
	}
}

// When no page at all can be scanned, the scan did not run: exit 2.
func TestScanNothingReachable(t *testing.T) {
	srv := httptest.NewServer(nil)
	closed := srv.URL + "/"
	srv.Close()
	var out, errb bytes.Buffer
	code := run([]string{"scan", closed}, &out, &errb)
	if code != 2 || !strings.Contains(out.String(), closed+": unreachable (net::ERR_CONNECTION_REFUSED)") || !strings.Contains(out.String(), "NOT RUN: no page could be scanned") {
		t.Errorf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}
