package admin

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

const token = "operator-token-0123456789"

type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// env serves the admin pages of exemple.fr over a real SQLite file
// holding, today, 6 choices accepting all, 2 refusing all and 2 accepting
// statistics only.
type env struct {
	srv   *httptest.Server
	log   *logBuf
	ids   []string
	store *proofs.Store
}

func newEnv(t *testing.T) *env {
	site, err := inventory.LoadFile("../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	site.Proofs = true
	store, err := proofs.Open(filepath.Join(t.TempDir(), "proofs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	body, hash := server.Shown(site)
	texts := &proofs.Texts{Hash: hash, Site: site.ID, Revision: site.Revision, Body: body}
	e := &env{log: &logBuf{}, store: store}
	all := site.CategoryIDs()
	now := time.Now().UTC()
	for i := range 10 {
		acc := all
		switch {
		case i >= 8:
			acc = []string{"necessary", "statistics"}
		case i >= 6:
			acc = []string{"necessary"}
		}
		var ref []string
		for _, c := range all {
			if !slices.Contains(acc, c) {
				ref = append(ref, c)
			}
		}
		id := fmt.Sprintf("%032x", 1000+i)
		e.ids = append(e.ids, id)
		at := now.Add(-time.Duration(i) * time.Second)
		if err := store.Add(context.Background(), proofs.Record{ConsentID: id, Site: site.ID, Revision: site.Revision, TextsHash: hash,
			Accepted: acc, Refused: ref, Source: "banner", Lang: "fr", Origin: "https://exemple.fr", Path: "/", Received: at, ClientTime: at}, texts); err != nil {
			t.Fatal(err)
		}
	}
	h := New(token, store, func() []*inventory.Site { return []*inventory.Site{site} }, slog.New(slog.NewTextHandler(e.log, nil)))
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// client keeps cookies; the test server is http, so the jar sees the
// Secure cookie only through an https URL: it is handed over by hand.
func (e *env) login(t testing.TB, tok string) (*http.Response, *http.Cookie) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(e.srv.URL+"/admin/login", url.Values{"token": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == Cookie {
			return res, ck
		}
	}
	return res, nil
}

func (e *env) get(t *testing.T, path string, ck *http.Cookie) (*http.Response, string) {
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if ck != nil {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res, b.String()
}

func TestAccess(t *testing.T) {
	e := newEnv(t)
	// No session: every route but the login form is refused.
	for _, p := range []string{"/admin/", "/admin/s/exemple.fr/", "/admin/s/exemple.fr/?id=" + e.ids[0], "/admin/nothing", "/admin/logout"} {
		res, body := e.get(t, p, nil)
		if res.StatusCode != http.StatusUnauthorized || strings.Contains(body, "exemple.fr") {
			t.Errorf("%s without a session: %d\n%s", p, res.StatusCode, body)
		}
		if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Content-Security-Policy") != server.AdminCSP ||
			res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", p, res.Header)
		}
	}
	forged := &http.Cookie{Name: Cookie, Value: strings.Repeat("ab", 32)}
	if res, _ := e.get(t, "/admin/", forged); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a forged session: %d", res.StatusCode)
	}

	// A wrong token: 403, logged without the token.
	res, ck := e.login(t, "not-the-token-at-all")
	if res.StatusCode != http.StatusForbidden || ck != nil {
		t.Errorf("wrong token: %d, cookie %v", res.StatusCode, ck)
	}
	if log := e.log.String(); !strings.Contains(log, "wrong operator token") || strings.Contains(log, "not-the-token-at-all") || strings.Contains(log, token) {
		t.Errorf("log of a wrong token:\n%s", log)
	}

	// The right one: a session cookie, Secure, HttpOnly, SameSite=Strict.
	res, ck = e.login(t, token)
	if res.StatusCode != http.StatusSeeOther || ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/admin/" {
		t.Fatalf("login: %d, cookie %+v", res.StatusCode, ck)
	}
	if strings.Contains(e.log.String(), token) {
		t.Error("the token is in the log")
	}
	res, body := e.get(t, "/admin/s/exemple.fr/", ck)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Content-Security-Policy") != server.AdminCSP {
		t.Fatalf("site page: %d %v", res.StatusCode, res.Header)
	}
	// 10 choices: 60% accepted all, 20% customised, 20% refused all;
	// statistics accepted by 8 of 10.
	for _, want := range []string{"10 · 60.0% · 20.0% · 20.0%", "80.0% (8 / 10)", `id="last-day">10<`} {
		if !strings.Contains(body, want) {
			t.Errorf("site page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script") || strings.Contains(body, e.ids[0]) {
		t.Error("the site page has a script or a consent id")
	}
	// The lookup of one consent id: what that visitor agreed to.
	_, body = e.get(t, "/admin/s/exemple.fr/?id="+e.ids[7], ck)
	if !strings.Contains(body, e.ids[7]) || strings.Count(body, "<td>refusé · refused</td>") != 3 || !strings.Contains(body, "The stored texts match") {
		t.Errorf("lookup:\n%s", body)
	}
	_, body = e.get(t, "/admin/s/exemple.fr/?id=nope", ck)
	if !strings.Contains(body, "No consent nope") {
		t.Error("lookup of an unknown id says nothing")
	}

	// Log out: the session no longer opens anything.
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/logout", nil)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := c.Do(req); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %v %v", res, err)
	}
	if res, _ := e.get(t, "/admin/", ck); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("after logout: %d", res.StatusCode)
	}
}

// Logins are rate-limited per client, right token or not.
func TestLoginLimit(t *testing.T) {
	e := newEnv(t)
	codes := []int{}
	for range 7 {
		res, _ := e.login(t, "wrong-wrong-wrong-wrong")
		codes = append(codes, res.StatusCode)
	}
	if res, ck := e.login(t, token); res.StatusCode != http.StatusTooManyRequests || ck != nil || res.Header.Get("Retry-After") == "" {
		t.Errorf("the right token after 7 wrong ones: %d %v", res.StatusCode, ck)
	}
	if !slices.Equal(codes[:5], []int{403, 403, 403, 403, 403}) || codes[5] != 429 {
		t.Errorf("codes: %v", codes)
	}
}

func contextTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// A login form posted from another site's page is refused, token or not.
func TestLoginCrossSite(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || len(res.Cookies()) != 0 {
		t.Errorf("cross-site login: %d %v", res.StatusCode, res.Cookies())
	}
}
