package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/charte/charte/inventory"
)

// Hostile values for every free text and every URL of a config. Validation
// refuses such URLs; the pages must stay safe even so, so these sites are
// built without it.
const (
	hostileText = `Ma"rk'<img src=x onerror=alert(1)>&amp;</title></style></script><!--<x-injected a=1>`
	hostileURL  = `https://exemple.fr/"><img src=x onerror=alert(document.domain)>'<x-injected a=1>`
)

// withValues is a copy of s with every config text and cookie name set to
// text and every URL to url.
func withValues(s *inventory.Site, text, url string) *inventory.Site {
	c := *s
	all := func(t inventory.Text) inventory.Text {
		out := inventory.Text{}
		for _, l := range s.Languages {
			out[l] = text + " " + l
		}
		return out
	}
	c.Name, c.URL, c.ProofEndpoint = text, url, url
	c.Categories = append([]inventory.Category(nil), s.Categories...)
	for i := range c.Categories {
		c.Categories[i].Title, c.Categories[i].Description = all(nil), all(nil)
	}
	c.Cookies = append([]inventory.Cookie(nil), s.Cookies...)
	for i := range c.Cookies {
		ck := &c.Cookies[i]
		ck.Provider, ck.Link = text, url
		// Names and patterns pass a strict check; here they are hostile too.
		ck.Names = []string{text + " name"}
		if ck.Pattern != "" {
			ck.Pattern = text + "*"
		}
		ck.Service, ck.Purpose, ck.Duration = all(nil), all(nil), all(nil)
	}
	return &c
}

// shape is what an injection would change in a page: every element with
// its attribute names, every comment, and the text of scripts and styles.
func shape(t *testing.T, page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			var names []string
			for _, a := range n.Attr {
				names = append(names, a.Key)
			}
			sort.Strings(names)
			out = append(out, "<"+n.Data+" "+strings.Join(names, " ")+">")
			if n.Data == "script" || n.Data == "style" {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					out = append(out, n.Data+":"+c.Data)
				}
			}
		case html.CommentNode:
			out = append(out, "<!--"+n.Data+"-->")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// attrValues lists every attribute value of a page, as a browser reads it.
func attrValues(t *testing.T, page []byte) map[string]bool {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			out[a.Val] = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// pages is every HTML page and fragment Charte renders on the server for
// the sites, by name: policy pages in each language, shells, the serve
// and build indexes and the demo pages.
func pages(t *testing.T, sites []*inventory.Site) map[string][]byte {
	srv := New(sites, fakeWasm(), []byte("/* loader */"))
	out := map[string][]byte{}
	get := func(path string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:8080"+path, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		out["serve "+path] = rec.Body.Bytes()
	}
	get("/")
	for _, s := range sites {
		get("/demo/" + s.ID + "/")
		for p := range siteFiles(s, serveAssets(fakeWasm(), nil)) {
			if strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") {
				get(p)
			}
		}
	}
	for name, b := range treeFiles(t, Build(sites, fakeWasm(), []byte("/* loader */"), "https://consent.example")) {
		if strings.HasSuffix(name, ".html") {
			out["build "+name] = b
		}
	}
	return out
}

// No config value can add an element, an attribute or a comment to a page
// Charte renders, nor leave the JSON and JavaScript it writes.
func TestHostileConfigInjectsNothing(t *testing.T) {
	var benign, hostile []*inventory.Site
	for _, s := range testSites(t) {
		benign = append(benign, withValues(s, "Plain text", "https://exemple.fr/plain"))
		hostile = append(hostile, withValues(s, hostileText, hostileURL))
	}
	want, got := pages(t, benign), pages(t, hostile)
	if len(got) < 3*6 {
		t.Fatalf("only %d pages rendered", len(got))
	}
	for name, page := range got {
		if want[name] == nil {
			t.Fatalf("%s: no benign counterpart", name)
		}
		ws, gs := shape(t, want[name]), shape(t, page)
		if d := firstDiff(ws, gs); d != "" {
			t.Errorf("%s: the hostile config changed the page's markup: %s", name, d)
		}
		// The value still reaches the page, escaped, not dropped.
		if bytes.Contains(want[name], []byte("https://exemple.fr/plain")) && !attrValues(t, page)[hostileURL] {
			t.Errorf("%s: the hostile URL is not an attribute value as written", name)
		}
	}

	for _, s := range hostile {
		files := siteFiles(s, serveAssets(fakeWasm(), nil))
		dir := "/s/" + s.ID + "/"
		// embed.js: the config stays one JSON value, safe even inlined in HTML.
		js := files[dir+"embed.js"]
		before, after, _ := bytes.Cut(embedSource(), []byte(configSlot))
		if !bytes.HasPrefix(js, before) || !bytes.HasSuffix(js, after) {
			t.Fatalf("%s: embed.js is not its source with the config in the slot", s.ID)
		}
		var c embedConfig
		if err := json.Unmarshal(js[len(before):len(js)-len(after)], &c); err != nil || c.ProofEndpoint != hostileURL {
			t.Errorf("%s: embed.js config: %v, proofEndpoint %q", s.ID, err, c.ProofEndpoint)
		}
		for name, b := range files {
			if !strings.HasSuffix(name, ".js") && !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".webmanifest") {
				continue
			}
			for _, bad := range []string{"</script", "<!--", "<img", "\u2028", "\u2029"} {
				if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
					t.Errorf("%s holds %q", name, bad)
				}
			}
		}
		for _, name := range []string{"inventory.json", "manifest.webmanifest"} {
			var v map[string]any
			if err := json.Unmarshal(files[dir+name], &v); err != nil {
				t.Errorf("%s%s: %v", dir, name, err)
			}
		}
		var m struct{ Name string }
		json.Unmarshal(files[dir+"manifest.webmanifest"], &m)
		if !strings.HasPrefix(m.Name, hostileText) && !strings.Contains(m.Name, hostileText) {
			t.Errorf("manifest name %q lost the site's name", m.Name)
		}
	}
}

func firstDiff(a, b []string) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("at node %d: want %.120q, got %.120q", i, x, y)
		}
	}
	return ""
}
