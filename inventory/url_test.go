package inventory

import (
	"strings"
	"testing"
)

// Only clean absolute http(s) URLs pass, in every URL field, with the
// position and a fix.
func TestURLsMustBeClean(t *testing.T) {
	bad := []string{
		`https://exemple.fr/\"><img src=x onerror=alert(document.domain)>`,
		`https://exemple.fr/'onmouseover='alert(1)`,
		`https://exemple.fr/a b`,
		`https://exemple.fr/<x>`,
		`https://exemple.fr/\u0000`,
		`https://exemple.fr/\u202egnp.exe`,
		`javascript:alert(1)`,
		`JAVASCRIPT:alert(1)`,
		`data:text/html,hi`,
		`//exemple.fr/privacy`,
		`/privacy`,
		`https:exemple.fr`,
		`https:///path`,
		`https://user:pass@exemple.fr/`,
		`https://exe_mple.fr/`,
		`https://exemple.fr:80a/`,
		`HTTPS://exemple.fr/`,
		`https://exemple.fr/` + strings.Repeat("a", MaxURLLen),
	}
	fields := map[string][2]string{
		"url":           {`"url": "https://example.org"`, `"url": "%s"`},
		"proofEndpoint": {`"revision": 2,`, `"revision": 2, "proofEndpoint": "%s",`},
		"link":          {`"link": "https://matomo.org/privacy"`, `"link": "%s"`},
	}
	for field, r := range fields {
		for _, u := range bad {
			src := strings.Replace(base, r[0], strings.Replace(r[1], "%s", u, 1), 1)
			_, err := Load("config/x.json", []byte(src))
			if err == nil {
				t.Errorf("%s %s: accepted", field, u)
				continue
			}
			msg := err.Error()
			if !strings.Contains(msg, field+": ") || !strings.Contains(msg, "not an http(s)") || !strings.Contains(msg, "percent-encoded (%22") {
				t.Errorf("%s %s: error lacks the field, what is wrong or the fix: %s", field, u, msg)
			}
			if !strings.HasPrefix(msg, "config/x.json:") {
				t.Errorf("%s %s: error not located: %s", field, u, msg)
			}
		}
	}
	for _, u := range []string{"https://exemple.fr", "http://127.0.0.1:8080/proofs", "https://[::1]/x", "https://www.exemple.fr/politique-de-confidentialit%C3%A9?a=1&b=2#top", "https://a.b/~x;y=z,(w)*!$+"} {
		if why := urlProblem(u); why != "" {
			t.Errorf("%s refused: %s", u, why)
		}
	}
}
