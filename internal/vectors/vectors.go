// Package vectors reads consent/testdata/cookie-vectors.json, the test
// cases of the cookies_preferences rules that Go's consent tests and the
// Chromium test of embed.js share, so that both read a cookie alike.
package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"

	"github.com/charte/charte/inventory"
)

// File is a vector file: groups of cases, each group a site and a time.
type File struct {
	Groups []Group
}

// Group is a site (only what the rules read) and the time, Unix seconds,
// at which its cases are read.
type Group struct {
	Name string
	Site struct {
		Revision     int
		LifetimeDays int
		Categories   []inventory.Category
	}
	Now   int64
	Cases []Case
}

// Case is a Cookie header (the same text as document.cookie) and what
// must be read from it: nothing (OK false), or the choice, whose ID is
// "new" when several values merge into a new choice dated Time.
type Case struct {
	Name   string
	Cookie string
	Expect struct {
		OK                bool
		ID                string
		Time              int64
		Accepted, Refused []string
	}
}

// SiteOf is the group's site, with what embed.js also needs.
func (g Group) SiteOf() *inventory.Site {
	return &inventory.Site{ID: "vectors", Categories: g.Site.Categories, Settings: inventory.Settings{
		Languages: []string{"fr"}, DefaultLanguage: "fr", Revision: g.Site.Revision, LifetimeDays: g.Site.LifetimeDays}}
}

// Load reads the vectors from the repository's consent/testdata.
func Load() (File, error) {
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "consent", "testdata", "cookie-vectors.json"))
	var f File
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	return f, err
}
