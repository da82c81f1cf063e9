package goappclient

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const serverFile = `package app

import (
	"net/http"
	"strings"
	"time"
)

// Handler serves the app.
type Handler struct {
	Title string
	start time.Time
}

func (h *Handler) init() { h.start = time.Now() }

// ServeHTTP answers a request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.init()
	w.Write([]byte(strings.ToUpper(h.Title)))
}

func serve(h *Handler) { h.init() }

type Icon struct{ Default string }

const (
	headerName = "X-App"
	keepMe     = "kept"
)

var statusOf = map[int]string{http.StatusOK: "ok"}
`

const clientFile = `package app

import "strings"

// Resolve stays: it is the client's.
func Resolve(s string) string { return strings.Trim(s, "/") + keepMe }

func usesIcon(i Icon) string { return i.Default }
`

func TestStripCutsWhatReachesNetHTTP(t *testing.T) {
	out, err := Strip(map[string][]byte{"http.go": []byte(serverFile), "client.go": []byte(clientFile)})
	if err != nil {
		t.Fatal(err)
	}
	if _, changed := out["client.go"]; changed {
		t.Errorf("client.go changed:\n%s", out["client.go"])
	}
	got := string(out["http.go"])
	if _, err := parser.ParseFile(token.NewFileSet(), "http.go", got, 0); err != nil {
		t.Fatalf("cut file does not parse: %v\n%s", err, got)
	}
	for _, gone := range []string{
		`"net/http"`, "ServeHTTP", // uses net/http
		"type Handler", "func (h *Handler) init", // a type goes with its methods
		"func serve(",         // uses a type that went
		"statusOf",            // one spec of a group
		`"time"`, `"strings"`, // their only users went
		"// Handler serves", "// ServeHTTP answers", // doc comments go along
	} {
		if strings.Contains(got, gone) {
			t.Errorf("%q was not cut:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"type Icon struct{ Default string }", `keepMe     = "kept"`, `headerName = "X-App"`} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q was cut:\n%s", kept, got)
		}
	}
}

// The copy of go-app the wasm build reads compiles, links no net/http, and
// is written once: a second call reuses it.
func TestModfileBuildsWithoutNetHTTP(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	modfile, err := Modfile("go", root, "./cmd/widget", tmp)
	if err != nil {
		t.Fatal(err)
	}
	mod, _ := os.ReadFile(modfile)
	if !strings.Contains(string(mod), "replace "+Module+" => ./.bin/go-app-client-") {
		t.Fatalf("no relative replace of go-app in %s:\n%s", modfile, mod)
	}
	cmd := exec.Command("go", "list", "-modfile", modfile, "-deps", "./cmd/widget")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, d := range deps {
		if d == "net/http" || d == "crypto/tls" {
			t.Errorf("the client build links %s", d)
		}
	}
	vet := exec.Command("go", "build", "-modfile", modfile, Module+"/pkg/app")
	vet.Dir = root
	vet.Env = cmd.Env
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("go-app's cut copy does not build: %v\n%s", err, out)
	}
	again, err := Modfile("go", root, "./cmd/widget", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mod2, _ := os.ReadFile(again)
	if string(mod2) != string(mod) {
		t.Errorf("a second call names another copy:\n%s\n%s", mod, mod2)
	}
}
