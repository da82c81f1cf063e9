//go:build !(js && wasm)

package consent

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestFromRequest(t *testing.T) {
	s := site(t)
	r := httptest.NewRequest("GET", "/", nil)
	if _, ok := FromRequest(r, s); ok {
		t.Error("a request without cookie has a choice")
	}
	if Allowed(r, s, "statistics") || !Allowed(r, s, "necessary") {
		t.Error("Allowed without a choice")
	}
	c := New(s, []string{"statistics"}, time.Now())
	r.Header.Add("Cookie", "cookies_preferences=garbage; other=1; cookies_preferences="+c.Value())
	got, ok := FromRequest(r, s)
	if !ok || got.ID != c.ID {
		t.Fatalf("FromRequest = %+v, %v", got, ok)
	}
	if !Allowed(r, s, "statistics") || Allowed(r, s, "third-party") {
		t.Error("Allowed does not follow the choice")
	}
}
