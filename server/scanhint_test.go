package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/charte/charte/inventory"
)

// The index page tells how to scan the demo of exemple.fr on this server.
func TestIndexScanHint(t *testing.T) {
	sites, errs := inventory.LoadDir("../config")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := New(sites, &Wasm{Hash: "000000000000"}, []byte("//"))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1:8080/", nil))
	body := w.Body.String()
	want := "<code>go run ./cmd/charte scan -config config/exemple.fr.json http://127.0.0.1:8080/demo/exemple.fr/</code></p>\n</body>"
	if !strings.Contains(body, want) || !strings.Contains(body, `/demo/herault-data.fr/`) {
		t.Errorf("index page:\n%s", body)
	}
}
