package proofs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

// Site is a site as the receiver checks its proofs: the config now
// served and the texts its visitors are shown.
type Site struct {
	*inventory.Site
	Texts *Texts
}

// MaxBody bounds a proof's body; a real one is a few hundred bytes.
const MaxBody = 4096

// Receiver answers POST /s/<site>/proofs: it checks a proof and answers
// 204 once it is committed, or a 4xx that says what is wrong, or 503 when
// the database cannot take it.
type Receiver struct {
	Store *Store
	Sites func(id string) *Site // the sites now served, nil for unknown
	Limit *Limiter              // per client; nil for none
	Log   *slog.Logger
	Now   func() time.Time

	mu       sync.Mutex
	previous map[string]*inventory.Site // "site@hash" → a previous revision's config
}

// Path tells whether an URL path is a site's proof URL, and which site.
func Path(p string) (site string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/s/")
	if !ok {
		return "", false
	}
	site, ok = strings.CutSuffix(rest, "/proofs")
	return site, ok && site != "" && !strings.Contains(site, "/")
}

func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, _ := Path(r.URL.Path)
	site := rc.Sites(id)
	if site == nil {
		fail(w, http.StatusNotFound, "no site %q here", id)
		return
	}
	if !site.Proofs {
		fail(w, http.StatusNotFound, "site %s does not take proofs: set \"proofs\": true in its config", id)
		return
	}
	origin := r.Header.Get("Origin")
	if !allowed(origin, site.URL, r) {
		fail(w, http.StatusForbidden, "origin %q may not post proofs for %s: only %s may", origin, id, originOf(site.URL))
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	switch r.Method {
	case http.MethodOptions:
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
	default:
		h.Set("Allow", "POST, OPTIONS")
		fail(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	if rc.Limit != nil {
		if wait := rc.Limit.Take(client(r), rc.now()); wait > 0 {
			h.Set("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
			fail(w, http.StatusTooManyRequests, "too many proofs from this client; try again in %s", wait.Round(time.Second))
			return
		}
	}
	var p consent.Proof
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	if err := dec.Decode(&p); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, "a proof is at most %d bytes", MaxBody)
			return
		}
		fail(w, http.StatusBadRequest, "the body is not a JSON proof: %v", err)
		return
	}
	if dec.More() {
		fail(w, http.StatusBadRequest, "the body holds more than one JSON value")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	cfg, texts, err := rc.revision(ctx, site, p.Revision)
	if err != nil {
		rc.unavailable(w, err)
		return
	}
	if cfg == nil {
		fail(w, http.StatusUnprocessableEntity, "revision: %d is neither the current revision of %s (%d) nor the previous one", p.Revision, id, site.Revision)
		return
	}
	now := rc.now()
	t, pageOrigin, path, err := p.Check(cfg, now)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, "%v", err)
		return
	}
	rec := Record{
		ConsentID: p.ID, Site: id, Revision: p.Revision, TextsHash: texts.Hash,
		Accepted: p.Accepted, Refused: p.Refused, Source: p.Source, Lang: p.Lang,
		Origin: pageOrigin, Path: path, Received: now.UTC(), ClientTime: t,
	}
	if err := rc.Store.Add(ctx, rec, texts); err != nil {
		rc.unavailable(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *Receiver) now() time.Time {
	if rc.Now != nil {
		return rc.Now()
	}
	return time.Now()
}

func (rc *Receiver) unavailable(w http.ResponseWriter, err error) {
	if rc.Log != nil {
		rc.Log.Error("proof not stored", "err", err)
	}
	w.Header().Set("Retry-After", "30")
	fail(w, http.StatusServiceUnavailable, "the proof database is unavailable; the choice still holds in the visitor's browser")
}

// revision returns the config and texts of a site's revision: the one
// served, or the one before it, as stored when it was served.
func (rc *Receiver) revision(ctx context.Context, site *Site, rev int) (*inventory.Site, *Texts, error) {
	if rev == site.Revision {
		return site.Site, site.Texts, nil
	}
	if rev != site.Revision-1 {
		return nil, nil, nil
	}
	t, err := rc.Store.TextsOf(ctx, site.ID, rev)
	if err != nil || t == nil {
		return nil, nil, err
	}
	key := site.ID + "@" + t.Hash
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if cfg := rc.previous[key]; cfg != nil {
		return cfg, t, nil
	}
	var shown struct {
		Inventory json.RawMessage `json:"inventory"`
	}
	var cfg inventory.Site
	if json.Unmarshal(t.Body, &shown) != nil || json.Unmarshal(shown.Inventory, &cfg) != nil {
		return nil, nil, fmt.Errorf("the stored texts %s of %s revision %d do not parse", t.Hash, site.ID, rev)
	}
	if rc.previous == nil {
		rc.previous = map[string]*inventory.Site{}
	}
	rc.previous[key] = &cfg
	return &cfg, t, nil
}

func fail(w http.ResponseWriter, code int, format string, args ...any) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintf(w, format+"\n", args...)
}

// originOf is the origin of an http(s) URL.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// allowed tells whether a page of origin may post: the site's own origin
// (its config url), or Charte's own pages (the policy and demo pages), on
// the host the request reached, whatever the scheme a proxy in front
// terminated.
func allowed(origin, siteURL string, r *http.Request) bool {
	if origin == "" || origin == "null" {
		return false
	}
	o := strings.ToLower(origin)
	if o == originOf(siteURL) {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Host == strings.ToLower(r.Host)
}

// client is the rate limit's key: the connection's address, kept in
// memory only, never stored.
func client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Limiter is a token bucket per client: Burst proofs at once, then Rate
// per second.
type Limiter struct {
	Rate  float64
	Burst float64

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter allows burst proofs at once and perMinute a minute after.
func NewLimiter(perMinute, burst int) *Limiter {
	return &Limiter{Rate: float64(perMinute) / 60, Burst: float64(burst), buckets: map[string]*bucket{}}
}

// Take spends one token of key's bucket; it returns 0 when one was left,
// else how long until one is.
func (l *Limiter) Take(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute { // forget clients whose bucket is full again
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.last).Seconds()*l.Rate >= l.Burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.Burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.Burst, b.tokens+now.Sub(b.last).Seconds()*l.Rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.Rate * float64(time.Second))
}

// Retain deletes, once a day from now on, each site's records older than
// its proofRetentionDays, until ctx ends.
func Retain(ctx context.Context, s *Store, sites func() []*inventory.Site, log *slog.Logger, every time.Duration) {
	for {
		for _, site := range sites() {
			cutoff := time.Now().AddDate(0, 0, -site.ProofRetentionDays)
			n, err := s.Purge(ctx, site.ID, cutoff)
			switch {
			case err != nil:
				log.Error("retention: old proofs not deleted", "site", site.ID, "err", err)
			case n > 0:
				log.Info("retention: old proofs deleted", "site", site.ID, "records", n, "before", cutoff.Format(time.DateOnly))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}
