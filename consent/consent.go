// Package consent is the visitor's choice: the cookies_preferences value,
// its parsing and the rules that say when a choice still holds. It is plain
// Go, shared by the widget, the build and Go back-ends.
package consent

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charte/charte/internal/lazyre"
	"github.com/charte/charte/inventory"
)

// CookieName is the first-party cookie that holds the choice.
const CookieName = "cookies_preferences"

// Version is the format of the cookie value written by this package.
const Version = 1

// Choice is one visitor's decision for a site.
type Choice struct {
	ID       string    `json:"id"`       // random, 32 hex digits: the proof's reference
	Revision int       `json:"revision"` // the config revision the visitor saw
	Time     time.Time `json:"time"`     // when the visitor chose
	Accepted []string  `json:"accepted"`
	Refused  []string  `json:"refused"`
}

// Why a choice does not hold; the visitor must be asked again.
var (
	ErrMissing  = errors.New("no choice")
	ErrGarbled  = errors.New("garbled value")
	ErrVersion  = errors.New("other format version")
	ErrRevision = errors.New("made for another revision of the config")
	ErrExpired  = errors.New("expired")
	ErrFuture   = errors.New("dated in the future")
	ErrCategory = errors.New("categories do not match the config")
)

// skew tolerates clocks a little ahead of the one that wrote the cookie.
const skew = 24 * time.Hour

// maxLen bounds what Parse reads; a real value is far shorter.
const maxLen = 2048

var (
	idRe     = &lazyre.Regexp{Src: `^[0-9a-f]{32}$`}
	numberRe = &lazyre.Regexp{Src: `^[1-9][0-9]{0,11}$`}
)

// fields is the value's layout, in order: v=1&id=…&rev=…&t=…&acc=…&ref=…
var fields = []string{"v", "id", "rev", "t", "acc", "ref"}

// Value encodes the choice as the cookie value.
func (c Choice) Value() string {
	return fmt.Sprintf("v=%d&id=%s&rev=%d&t=%d&acc=%s&ref=%s", Version, c.ID, c.Revision, c.Time.Unix(),
		strings.Join(c.Accepted, "."), strings.Join(c.Refused, "."))
}

// Parse decodes a cookie value. It accepts only the exact layout Value
// writes, so anything edited by hand or cut short is ErrGarbled.
func Parse(value string) (Choice, error) {
	var c Choice
	if value == "" {
		return c, ErrMissing
	}
	if len(value) > maxLen {
		return c, ErrGarbled
	}
	parts := strings.Split(value, "&")
	if len(parts) > 0 && parts[0] != "v="+strconv.Itoa(Version) {
		if strings.HasPrefix(parts[0], "v=") && numberRe.MatchString(parts[0][2:]) {
			return c, ErrVersion
		}
		return c, ErrGarbled
	}
	if len(parts) != len(fields) {
		return c, ErrGarbled
	}
	vals := make([]string, len(fields))
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k != fields[i] {
			return c, ErrGarbled
		}
		vals[i] = v
	}
	if !idRe.MatchString(vals[1]) || !numberRe.MatchString(vals[2]) || !numberRe.MatchString(vals[3]) {
		return c, ErrGarbled
	}
	c.ID = vals[1]
	rev, err := strconv.Atoi(vals[2])
	if err != nil || rev > 1<<31-1 {
		return c, ErrGarbled
	}
	c.Revision = rev
	secs, _ := strconv.ParseInt(vals[3], 10, 64)
	c.Time = time.Unix(secs, 0).UTC()
	if c.Accepted, err = categories(vals[4]); err != nil {
		return Choice{}, err
	}
	if c.Refused, err = categories(vals[5]); err != nil {
		return Choice{}, err
	}
	for _, a := range c.Accepted {
		if slices.Contains(c.Refused, a) {
			return Choice{}, ErrGarbled
		}
	}
	return c, nil
}

func categories(s string) ([]string, error) {
	if s == "" {
		return []string{}, nil
	}
	ids := strings.Split(s, ".")
	for i, id := range ids {
		if !inventory.IsCategoryID(id) || slices.Contains(ids[:i], id) {
			return nil, ErrGarbled
		}
	}
	return ids, nil
}

// Check tells whether the choice still holds for the site at time now.
func (c Choice) Check(s *inventory.Site, now time.Time) error {
	if c.Revision != s.Revision {
		return ErrRevision
	}
	if c.Time.After(now.Add(skew)) {
		return ErrFuture
	}
	if !now.Before(c.Time.Add(s.Lifetime())) {
		return ErrExpired
	}
	// Every category of the config must be decided, and no other named.
	if len(c.Accepted)+len(c.Refused) != len(s.Categories) {
		return ErrCategory
	}
	for _, id := range slices.Concat(c.Accepted, c.Refused) {
		if s.Category(id) == nil {
			return ErrCategory
		}
	}
	for _, id := range c.Refused {
		if s.Category(id).Required {
			return ErrCategory
		}
	}
	return nil
}

// Decode parses a cookie value and checks it in one step.
func Decode(value string, s *inventory.Site, now time.Time) (Choice, error) {
	c, err := Parse(value)
	if err != nil {
		return Choice{}, err
	}
	if err := c.Check(s, now); err != nil {
		return Choice{}, err
	}
	return c, nil
}

// New records a choice: required categories are always accepted, the
// others only when listed in accept, unknown ids are ignored.
func New(s *inventory.Site, accept []string, now time.Time) Choice {
	c := Choice{ID: NewID(), Revision: s.Revision, Time: now.UTC().Truncate(time.Second), Accepted: []string{}, Refused: []string{}}
	for _, cat := range s.Categories {
		if cat.Required || slices.Contains(accept, cat.ID) {
			c.Accepted = append(c.Accepted, cat.ID)
		} else {
			c.Refused = append(c.Refused, cat.ID)
		}
	}
	return c
}

// NewID returns a random consent id.
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Allows reports whether a category is accepted.
func (c Choice) Allows(category string) bool { return slices.Contains(c.Accepted, category) }

// Expires is when the choice stops holding.
func (c Choice) Expires(s *inventory.Site) time.Time { return c.Time.Add(s.Lifetime()) }

// SetCookie is the document.cookie assignment that stores the choice on a
// page of host: first-party, Path=/, SameSite=Lax, Secure on https, and the
// configured Domain when host lies within it.
func SetCookie(s *inventory.Site, c Choice, host string, https bool) string {
	v := CookieName + "=" + c.Value() + "; Path=/; Max-Age=" + strconv.Itoa(s.LifetimeDays*86400) + "; SameSite=Lax"
	if d := s.CookieDomain; d != "" {
		bare := strings.TrimPrefix(d, ".")
		if host == bare || strings.HasSuffix(host, "."+bare) {
			v += "; Domain=" + d
		}
	}
	if https {
		v += "; Secure"
	}
	return v
}
