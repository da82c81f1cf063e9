package e2e

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	appbrowser "github.com/charte/charte/app/browser"
	"github.com/charte/charte/server"
)

// handOverServer serves Charte with a loader that also puts the object it
// hands to the wasm (charteBoot) at window.__handOver, where the page can
// read it and, through a setter, change it before the wasm starts.
func handOverServer(t *testing.T) string {
	t.Helper()
	const slot = "charteBoot:"
	if bytes.Count(loader, []byte(slot)) != 1 {
		t.Fatalf("the loader holds %q %d times, want once", slot, bytes.Count(loader, []byte(slot)))
	}
	spied := bytes.Replace(loader, []byte(slot), []byte(slot+"window.__handOver="), 1)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != server.LoaderPath {
			srv.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(spied)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/s/exemple.fr/embed.js"
}

// The loader hands the wasm exactly the keys app/browser defines, each of
// its kind, and the widget starts on them.
func TestHandOverKeys(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(page("embed=" + handOverServer(t)))
	tb.eval(`void charte.show()`, nil)
	tb.wait(`window.__handOver`, "the hand-over")
	var got []string
	tb.eval(`Object.keys(window.__handOver).map(k => k + ':' + typeof window.__handOver[k]).sort()`, &got)
	var want []string
	for _, k := range appbrowser.Keys() {
		want = append(want, k.Name+":"+string(k.Kind))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the loader hands over %v, app/browser reads %v", got, want)
	}
	tb.wait(shadow+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
}

// A hand-over that lacks a key, or holds one app/browser does not know,
// stops the widget with an error that names them: no "<undefined>".
func TestHandOverMismatch(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(page("embed=" + handOverServer(t)))
	tb.eval(`Object.defineProperty(window, '__handOver', { set(h) { delete h.focus; h.extra = 1; } }); void charte.show()`, nil)
	tb.wait(`!document.querySelector('charte-consent')`, "the widget to fail closed")
	errs := strings.Join(tb.consoleErrors(), "\n")
	for _, w := range []string{"focus is missing", "extra is unknown", "the widget failed to start"} {
		if !strings.Contains(errs, w) {
			t.Errorf("console errors do not say %q:\n%s", w, errs)
		}
	}
}
