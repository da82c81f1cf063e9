// Package inventory holds a site's cookie inventory: the config an operator
// writes in config/<site>.json, loaded, checked and normalized.
package inventory

import (
	"time"

	"github.com/charte/charte/internal/lazyre"
)

// Text is a translated string: language code → text. French is mandatory.
type Text map[string]string

// Get returns the text in lang, falling back to French.
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["fr"]
}

// Site is one site's inventory.
type Site struct {
	Schema string `json:"$schema,omitempty"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Settings
	Categories []Category `json:"categories"`
	Cookies    []Cookie   `json:"cookies"`
	// Proofs has embed.js post each choice to charte serve's own
	// /s/<site>/proofs, which keeps them in its database.
	Proofs bool `json:"proofs,omitempty"`
	// ProofRetentionDays is how long serve keeps a proof.
	ProofRetentionDays int `json:"proofRetentionDays,omitempty"`
	// Theme, Layout and ReopenButton fit the widget to the site's look.
	Theme        *Theme `json:"theme,omitempty"`
	Layout       string `json:"layout,omitempty"`
	ReopenButton bool   `json:"reopenButton,omitempty"`
}

// Settings are the site's rules for a choice that embed.js applies on its
// own: its config carries them under the same names.
type Settings struct {
	Languages       []string `json:"languages"`
	DefaultLanguage string   `json:"defaultLanguage"`
	// Revision changes whenever visitors must be asked again.
	Revision int `json:"revision"`
	// LifetimeDays is how long a choice holds; CNIL advises at most 13 months.
	LifetimeDays int `json:"lifetimeDays"`
	// CookieDomain, when set, shares the choice with subdomains (".example.org").
	CookieDomain string `json:"cookieDomain,omitempty"`
	// ConsentMode maps a Google Consent Mode key to the categories that grant it.
	ConsentMode map[string][]string `json:"consentMode,omitempty"`
	// ProofEndpoint, when set, receives a POST with each choice's proof.
	ProofEndpoint string `json:"proofEndpoint,omitempty"`
}

// Category is a purpose the visitor accepts or refuses as a whole.
type Category struct {
	ID          string `json:"id"`
	Required    bool   `json:"required"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
}

// Cookie is one row of the charte's table: one service's cookies.
type Cookie struct {
	Provider string   `json:"provider"`
	Service  Text     `json:"service"`
	Names    []string `json:"names"`
	// Pattern matches cookies whose names vary, "*" standing for any text
	// ("_pk_id.*").
	Pattern  string `json:"pattern,omitempty"`
	Purpose  Text   `json:"purpose"`
	Category string `json:"category"`
	Duration Text   `json:"duration,omitempty"`
	// Link is the provider's own privacy notice.
	Link string `json:"link,omitempty"`
}

// Necessary is the category that is always accepted.
const Necessary = "necessary"

// Defaults applied by Load.
const (
	DefaultLifetimeDays = 182
	MaxLifetimeDays     = 395
	// A proof is kept two years by default (730 days), ten at most.
	DefaultProofRetentionDays = 730
	MaxProofRetentionDays     = 3650
)

// Lifetime is how long a choice holds.
func (s *Site) Lifetime() time.Duration {
	return time.Duration(s.LifetimeDays) * 24 * time.Hour
}

// Category returns the category with that id, or nil.
func (s *Site) Category(id string) *Category {
	for i := range s.Categories {
		if s.Categories[i].ID == id {
			return &s.Categories[i]
		}
	}
	return nil
}

// CategoryIDs lists the categories in config order.
func (s *Site) CategoryIDs() []string {
	ids := make([]string, len(s.Categories))
	for i, c := range s.Categories {
		ids[i] = c.ID
	}
	return ids
}

// Optional lists the categories that need the visitor's consent.
func (s *Site) Optional() []string {
	var ids []string
	for _, c := range s.Categories {
		if !c.Required {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// CookiesIn returns the inventory rows of one category, in config order.
func (s *Site) CookiesIn(category string) []Cookie {
	var out []Cookie
	for _, c := range s.Cookies {
		if c.Category == category {
			out = append(out, c)
		}
	}
	return out
}

// NeedsConsent reports whether the inventory lists a cookie in a category
// that needs consent: without one there is nothing to ask.
func (s *Site) NeedsConsent() bool {
	for _, c := range s.Cookies {
		if cat := s.Category(c.Category); cat != nil && !cat.Required {
			return true
		}
	}
	return false
}

// Language picks the first of the wanted languages the site speaks, else its
// default.
func (s *Site) Language(wanted ...string) string {
	for _, w := range wanted {
		for _, l := range s.Languages {
			if w == l {
				return l
			}
		}
	}
	return s.DefaultLanguage
}

// categoryRe is what a category id may be: it fits the cookie value and a
// CSS selector as it is.
var categoryRe = &lazyre.Regexp{Src: `^[a-z][a-z0-9-]{0,31}$`}

// IsCategoryID reports whether id is a well-formed category id. The
// config's checks and the cookie value's parsing share it.
func IsCategoryID(id string) bool { return categoryRe.MatchString(id) }
