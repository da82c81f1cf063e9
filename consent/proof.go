package consent

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/charte/charte/internal/lazyre"
	"github.com/charte/charte/inventory"
)

// Proof is the JSON body embed.js POSTs after each choice, for the site's
// records: to its proofEndpoint, and with "proofs" on to Charte's own
// /s/<site>/proofs. It is sent as text/plain (no CORS preflight,
// credentials omitted, no Referer) and its answer is never read.
type Proof struct {
	Site     string   `json:"site"`     // the site id
	ID       string   `json:"id"`       // the choice's random consent id, as in the cookie
	Revision int      `json:"revision"` // the config revision the visitor saw
	Time     string   `json:"time"`     // when the visitor chose, RFC 3339 in UTC
	Accepted []string `json:"accepted"`
	Refused  []string `json:"refused"`
	URL      string   `json:"url"`    // origin and path of the page, no query or fragment
	GPC      bool     `json:"gpc"`    // the browser sent Global Privacy Control
	Source   string   `json:"source"` // how the choice was given: one of Sources
	Lang     string   `json:"lang"`   // the language the widget spoke
}

// Sources says how a choice was given: a button of the banner, the
// preferences dialog, the JavaScript API, the Global Privacy Control
// signal, another tab of the site, a click-to-load placeholder.
var Sources = []string{"banner", "preferences", "api", "gpc", "tab", "placeholder"}

var langRe = &lazyre.Regexp{Src: `^[a-z]{2,3}(-[a-zA-Z0-9]{2,8})?$`}

// maxPath bounds the page path a proof keeps.
const maxPath = 1024

// ProofError says why a proof is refused.
type ProofError struct{ Field, Reason string }

func (e *ProofError) Error() string { return e.Field + ": " + e.Reason }

func bad(field, format string, args ...any) error {
	return &ProofError{field, fmt.Sprintf(format, args...)}
}

// Check tells whether p is a well-formed proof of a choice for s, the
// site as it was at p's revision, received at now. It returns the choice's
// time and the page's origin and path.
func (p Proof) Check(s *inventory.Site, now time.Time) (t time.Time, origin, path string, err error) {
	if p.Site != s.ID {
		return t, "", "", bad("site", "%q is not this site (%s)", p.Site, s.ID)
	}
	if !idRe.MatchString(p.ID) {
		return t, "", "", bad("id", "want 32 lower-case hex digits")
	}
	if p.Revision != s.Revision {
		return t, "", "", bad("revision", "%d is not revision %d of %s", p.Revision, s.Revision, s.ID)
	}
	t, err = time.Parse(time.RFC3339Nano, p.Time)
	if err != nil {
		return t, "", "", bad("time", "want an ISO 8601 time such as 2026-01-02T15:04:05.000Z")
	}
	if t.After(now.Add(skew)) || t.Before(now.Add(-skew)) {
		return t, "", "", bad("time", "%s is more than a day away from the server's clock", p.Time)
	}
	c := Choice{ID: p.ID, Revision: p.Revision, Time: t, Accepted: p.Accepted, Refused: p.Refused}
	for _, id := range slices.Concat(p.Accepted, p.Refused) {
		if !inventory.IsCategoryID(id) || slices.Contains(p.Accepted, id) && slices.Contains(p.Refused, id) {
			return t, "", "", bad("accepted", "categories must be distinct ids, each accepted or refused")
		}
	}
	// Check's own clock rule is the cookie's; the time was checked above.
	if err := c.Check(s, t); err != nil {
		return t, "", "", bad("accepted", "want each category of %s (%s) once, necessary accepted", s.ID, strings.Join(s.CategoryIDs(), ", "))
	}
	if !slices.Contains(Sources, p.Source) {
		return t, "", "", bad("source", "want one of %s", strings.Join(Sources, ", "))
	}
	if !langRe.MatchString(p.Lang) {
		return t, "", "", bad("lang", "want a language code such as fr")
	}
	u, err := url.Parse(p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return t, "", "", bad("url", "want the page's origin and path, http(s), with no query")
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if len(path) > maxPath {
		return t, "", "", bad("url", "the path is longer than %d bytes", maxPath)
	}
	return t.UTC(), u.Scheme + "://" + u.Host, path, nil
}
