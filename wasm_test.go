//go:build js && wasm

package charte_test

import (
	"net/url"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/charte/charte/app/browser"
	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

// In a real browser, a choice written to document.cookie reads back and
// still holds.
func TestCookieInBrowser(t *testing.T) {
	doc := js.Global().Get("document")
	if !doc.Truthy() {
		t.Fatal("no document: run these tests in Chromium (make wasmtest)")
	}
	s, err := inventory.Load("config/x.org.json", []byte(`{"name":"x","url":"https://x.org"}`))
	if err != nil {
		t.Fatal(err)
	}
	c := consent.New(s, []string{"statistics"}, time.Now())
	doc.Set("cookie", consent.CookieName+"="+c.Value()+"; Path=/; SameSite=Lax")
	var value string
	for _, kv := range strings.Split(doc.Get("cookie").String(), "; ") {
		if k, v, _ := strings.Cut(kv, "="); k == consent.CookieName {
			value = v
		}
	}
	got, err := consent.Decode(value, s, time.Now())
	if err != nil || got.ID != c.ID || !got.Allows("statistics") {
		t.Fatalf("read back %q: %+v, %v", value, got, err)
	}
	if _, err := url.ParseQuery(value); err != nil {
		t.Errorf("value is not a query string: %v", err)
	}
}

// The wasm applies the intersection rule too: a value handed over as the
// current choice adds no consent that the page's own cookie refuses.
func TestWasmMergesCookies(t *testing.T) {
	doc := js.Global().Get("document")
	s, err := inventory.Load("config/x.org.json", []byte(`{"name":"x","url":"https://x.org"}`))
	if err != nil {
		t.Fatal(err)
	}
	refusal := consent.New(s, nil, time.Now().Add(-time.Hour))
	forged := consent.New(s, s.CategoryIDs(), time.Now())
	doc.Set("cookie", consent.CookieName+"="+refusal.Value()+"; Path=/; SameSite=Lax")
	defer doc.Set("cookie", consent.CookieName+"=; Max-Age=0; Path=/")
	got := browser.Choice(s, forged.Value())
	if got == nil || got.ID != refusal.ID || got.Allows("statistics") {
		t.Errorf("the wasm took %+v, want the refusal %s", got, refusal.ID)
	}
	if c := browser.Choice(s, refusal.Value()); c == nil || c.ID != refusal.ID {
		t.Errorf("the wasm lost the plain choice: %+v", c)
	}
}
