package server

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/charte/charte/inventory"
)

// Each language of a site has its placeholder script, with the markup in
// that language, the site's own category titles as text, and nothing the
// inventory wrote as HTML; the policy's worker keeps them offline.
func TestPlaceholderFiles(t *testing.T) {
	s, err := inventory.Load("config/x.org.json", []byte(`{"name":"X","url":"https://x.org","languages":["fr","en","de"],
		"categories":[{"id":"necessary"},{"id":"maps","title":{"fr":"<b>Cartes</b>","en":"Maps","de":"Karten"},"description":{"fr":"Cartes","en":"Maps","de":"Karten"}}],
		"reopenButton":true}`))
	if err != nil {
		t.Fatal(err)
	}
	files := siteFiles(s, serveAssets(fakeWasm(), []byte("loader")))
	for lang, want := range map[string][]string{
		"fr": {"Autoriser et afficher", "« &lt;b&gt;Cartes&lt;/b&gt; »", "Gérer les cookies"},
		"en": {"Allow and show", "“Maps”", "Manage cookies"},
		"de": {"Erlauben und anzeigen", "„Karten“", "Cookies verwalten"},
	} {
		js := files["/s/x.org/placeholder."+lang+".js"]
		if js == nil {
			t.Fatalf("no placeholder.%s.js", lang)
		}
		if bytes.Contains(js, []byte(placeholderSlot)) || bytes.Contains(js, []byte("<b>")) {
			t.Errorf("placeholder.%s.js: markup missing, or inventory text as HTML", lang)
		}
		m := regexp1(js)
		for _, w := range want {
			if !strings.Contains(m, w) {
				t.Errorf("placeholder.%s.js lacks %q", lang, w)
			}
		}
		if strings.Contains(m, `data-category="necessary"`) {
			t.Error("a placeholder for the necessary category")
		}
		if node, err := exec.LookPath("node"); err == nil {
			cmd := exec.Command(node, "--check", "-")
			cmd.Stdin = bytes.NewReader(js)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("placeholder.%s.js does not parse: %v\n%s", lang, err, b)
			}
		}
	}
	sw := string(files["/s/x.org/sw.js"])
	for _, want := range []string{`"./placeholder.de.js"`, `"./de/"`} {
		if !strings.Contains(sw, want) {
			t.Errorf("the worker does not keep %s", want)
		}
	}
	embed := string(files["/s/x.org/embed.js"])
	if !strings.Contains(embed, `"shell":"./shell."`) || !strings.Contains(embed, `"reopen":true`) {
		t.Error("embed.js does not name the shell (the placeholders are beside it) or the reopen button")
	}
}

// regexp1 is the markup string of a placeholder script.
func regexp1(js []byte) string {
	i := bytes.Index(js, []byte(`"<style>`))
	if i < 0 {
		return ""
	}
	var s string
	json.NewDecoder(bytes.NewReader(js[i:])).Decode(&s)
	return s
}

// The policy page exists in each of the site's languages, each linking
// to the others.
func TestPolicyPageSixLanguages(t *testing.T) {
	s, err := inventory.LoadFile("../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"fr": "Version française", "en": "English version", "de": "Deutsche Fassung",
		"es": "Versión en español", "it": "Versione italiana", "nl": "Nederlandse versie"}
	titles := map[string]string{"de": "Was ist ein Cookie?", "es": "¿Qué es una cookie?", "it": "Che cos&#39;è un cookie?", "nl": "Wat is een cookie?"}
	for _, lang := range s.Languages {
		page := string(policyPage(s, lang))
		if !strings.Contains(page, `<html lang="`+lang+`">`) || !strings.Contains(page, titles[lang]) {
			t.Errorf("%s page: no lang or not in %s", lang, lang)
		}
		for _, other := range s.Languages {
			if other == lang {
				continue
			}
			link := `href="` + rel(pagePath(s, lang), pagePath(s, other)) + `" hreflang="` + other + `" lang="` + other + `">` + labels[other] + `</a>`
			if !strings.Contains(page, link) {
				t.Errorf("%s page lacks %s", lang, link)
			}
		}
	}
}
