// Package admin serves the operator's pages of charte serve, under
// /admin/: each site's consent statistics as server-rendered SVG charts,
// its revisions, and the lookup of one consent id. It is off unless an
// operator token is configured, and every page needs a session opened
// with that token.
package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// Cookie is the session cookie's name; it is sent back to /admin/ only.
const Cookie = "charte_admin"

// sessionLife is how long a session lasts without a new login.
const sessionLife = 8 * time.Hour

// Handler answers /admin/.
type Handler struct {
	Store *proofs.Store
	Sites func() []*inventory.Site
	Log   *slog.Logger
	Now   func() time.Time

	hash  [32]byte // SHA-256 of the operator token: the token itself is not kept
	login *proofs.Limiter

	mu       sync.Mutex
	sessions map[string]time.Time // session id's SHA-256 → expiry
}

// New enables the operator pages for whoever gives token. Five logins a
// minute per client, after a burst of five, whatever their outcome.
func New(token string, store *proofs.Store, sites func() []*inventory.Site, log *slog.Logger) *Handler {
	return &Handler{Store: store, Sites: sites, Log: log, hash: sha256.Sum256([]byte(token)),
		login: proofs.NewLimiter(5, 5), sessions: map[string]time.Time{}}
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	server.PageHeaders(w, server.AdminCSP)
	w.Header().Set("Cache-Control", "no-store")
	p := r.URL.Path
	if p == "/admin/login" {
		h.loginPage(w, r)
		return
	}
	if !h.authorized(r) {
		if c, err := r.Cookie(Cookie); err == nil && c.Value != "" {
			h.Log.Warn("admin: unknown or expired session", "path", p, "client", client(r))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		render(w, "denied", nil)
		return
	}
	switch {
	case p == "/admin/logout":
		h.logout(w, r)
	case p == "/admin/" || p == "/admin":
		if !get(w, r) {
			return
		}
		render(w, "sites", h.Sites())
	case strings.HasPrefix(p, "/admin/s/"):
		if !get(w, r) {
			return
		}
		id := strings.TrimSuffix(strings.TrimPrefix(p, "/admin/s/"), "/")
		for _, s := range h.Sites() {
			if s.ID == id && p == "/admin/s/"+id+"/" {
				h.sitePage(w, r, s)
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

func get(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "use GET", http.StatusMethodNotAllowed)
		return false
	}
	return true
}

// sameOrigin refuses a form posted from another site's page: the
// session cookie is SameSite=Strict already, the login has no cookie.
// The pages send no referrer, so the browser's Origin is "null":
// Sec-Fetch-Site tells, and Origin where a browser sends no Sec-Fetch-Site.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return true // not a cross-site browser post: those send Sec-Fetch-Site, or an Origin
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		render(w, "login", nil)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		return
	}
	if wait := h.login.Take(client(r), h.now()); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
		h.Log.Warn("admin: login refused, too many attempts", "client", client(r))
		http.Error(w, "too many logins from this client: try again in a minute", http.StatusTooManyRequests)
		return
	}
	if !sameOrigin(r) {
		http.Error(w, "a login from another site's page", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	given := sha256.Sum256([]byte(r.PostFormValue("token")))
	if subtle.ConstantTimeCompare(given[:], h.hash[:]) != 1 {
		h.Log.Warn("admin: wrong operator token", "client", client(r))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		render(w, "login", map[string]any{"Wrong": true})
		return
	}
	var b [32]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	h.mu.Lock()
	now := h.now()
	for k, exp := range h.sessions { // forget expired sessions
		if now.After(exp) {
			delete(h.sessions, k)
		}
	}
	h.sessions[key(id)] = now.Add(sessionLife)
	h.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: id, Path: "/admin/", MaxAge: int(sessionLife.Seconds()),
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	h.Log.Info("admin: operator logged in", "client", client(r))
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if c, err := r.Cookie(Cookie); err == nil {
		h.mu.Lock()
		delete(h.sessions, key(c.Value))
		h.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: "", Path: "/admin/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// key is what the session table holds of a session id: a copy of the
// table (a heap dump) opens no session.
func key(id string) string {
	sum := sha256.Sum256([]byte(id))
	return string(sum[:])
}

func (h *Handler) authorized(r *http.Request) bool {
	c, err := r.Cookie(Cookie)
	if err != nil || len(c.Value) != 64 {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	exp, ok := h.sessions[key(c.Value)]
	return ok && h.now().Before(exp)
}

func client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// windows are the spans a site page may show, in days.
var windows = []int{7, 30, 90}

func (h *Handler) sitePage(w http.ResponseWriter, r *http.Request, s *inventory.Site) {
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	days := 30
	if d, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil {
		for _, ok := range windows {
			if d == ok {
				days = d
			}
		}
	}
	now := h.now().UTC()
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	from := to.AddDate(0, 0, -days)
	page := map[string]any{"Site": s, "Days": days, "Windows": windows, "From": from.Format(time.DateOnly), "To": to.AddDate(0, 0, -1).Format(time.DateOnly)}
	fail := func(err error) {
		h.Log.Error("admin: proof database", "site", s.ID, "err", err)
		page["Error"] = "La base des preuves ne répond pas · The proof database does not answer"
	}
	by := "day"
	if days > 30 {
		by = "week"
	}
	if st, err := h.Store.StatsBy(ctx, proofs.StatsQuery{Site: s.ID, From: from, To: to}, by, "revision"); err != nil {
		fail(err)
	} else {
		page["Stats"] = st[0]
		page["Choices"] = choiceChart(st[0])
		page["Rates"] = rateChart(st[0])
		page["ByRevision"] = choiceChart(st[1])
	}
	last := map[string]int{}
	for label, d := range map[string]time.Duration{"day": 24 * time.Hour, "week": 7 * 24 * time.Hour} {
		if n, err := h.Store.Count(ctx, s.ID, now.Add(-d), now.Add(time.Minute)); err == nil {
			last[label] = n
		}
	}
	page["Last"] = last
	if revs, err := h.Store.Revisions(ctx, s.ID); err == nil {
		page["Revisions"] = revs
	}
	if id := strings.TrimSpace(r.URL.Query().Get("id")); id != "" {
		page["Lookup"] = h.lookup(ctx, s, id)
	}
	render(w, "site", page)
}
