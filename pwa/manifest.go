package pwa

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
	"github.com/charte/charte/web"
)

// Theme colours of the policy page, as in the icon.
const (
	ThemeColor      = "#1a4fa3"
	BackgroundColor = "#ffffff"
)

type icon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// Manifest is the web manifest of a site's policy page, served beside it
// (/s/<site>/manifest.webmanifest): its URLs are relative to that place.
// static is the path of Charte's icons relative to it.
func Manifest(s *inventory.Site, static string) []byte {
	lang := s.DefaultLanguage
	icons := []icon{{Src: static + "icon.svg", Sizes: "any", Type: "image/svg+xml"}}
	for _, n := range Sizes {
		icons = append(icons, icon{Src: fmt.Sprintf("%sicon-%d.png", static, n), Sizes: fmt.Sprintf("%dx%d", n, n), Type: "image/png"})
	}
	m := map[string]any{
		"id":               "./",
		"name":             policy.TitleIn(lang) + " — " + s.Name,
		"short_name":       s.Name,
		"lang":             lang,
		"start_url":        "./",
		"scope":            "./",
		"display":          "standalone",
		"theme_color":      ThemeColor,
		"background_color": BackgroundColor,
		"icons":            icons,
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// Entry is one file the service worker keeps for offline use, by its URL
// relative to the worker and its content (or anything that changes with
// it, such as a hash).
type Entry struct {
	URL     string
	Content []byte
	// Immutable files are content-hashed: served from the cache first.
	Immutable bool
}

type workerConfig struct {
	Site      string   `json:"site"`
	Version   string   `json:"version"`
	URLs      []string `json:"urls"`
	Immutable []string `json:"immutable"`
}

// Worker renders a site's sw.js. Its cache name carries a hash of every
// entry, so any change makes a new worker that replaces the old cache.
func Worker(site string, entries []Entry) []byte {
	h := sha256.New()
	c := workerConfig{Site: site, URLs: []string{}, Immutable: []string{}}
	for _, e := range entries {
		fmt.Fprintf(h, "%s %d\n", e.URL, len(e.Content))
		h.Write(e.Content)
		c.URLs = append(c.URLs, e.URL)
		if e.Immutable {
			c.Immutable = append(c.Immutable, e.URL)
		}
	}
	c.Version = hex.EncodeToString(h.Sum(nil))[:16]
	js, _ := json.Marshal(c)
	return bytes.Replace(web.WorkerJS, []byte("/*CHARTE_SW*/null"), js, 1)
}
