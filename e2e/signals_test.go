package e2e

import (
	"reflect"
	"slices"
	"testing"
)

// entry is one dataLayer item as the page's layer() describes it.
type entry struct {
	Args bool
	V    []any
}

var cmDefault = []any{"consent", "default", map[string]any{
	"ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
	"analytics_storage": "denied", "functionality_storage": "denied", "personalization_storage": "denied",
	"security_storage": "granted", "wait_for_update": float64(500),
}}

// cmUpdate is the update for a choice that accepted statistics only.
var cmUpdateStats = []any{"consent", "update", map[string]any{
	"analytics_storage": "granted", "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
	"functionality_storage": "granted", "personalization_storage": "denied",
}}

func values(es []entry) [][]any {
	out := make([][]any, len(es))
	for i, e := range es {
		out[i] = e.V
	}
	return out
}

// chooseStatistics accepts statistics alone through the preferences.
func chooseStatistics(tb *tab) {
	tb.t.Helper()
	tb.click("Personnaliser")
	sw := shadow + `.querySelector('[role=switch][data-category="statistics"]')`
	tb.wait(sw, "the statistics switch")
	tb.eval(sw+`.click()`, nil)
	tb.wait(sw+`.getAttribute('aria-checked') === 'true'`, "switch on")
	tb.click("Enregistrer mes choix")
	tb.wait(`events.change === 1`, "charte:change")
}

// Consent Mode: the default goes on dataLayer as embed.js runs, before
// any later script; an update follows the choice and each later page view.
func TestConsentMode(t *testing.T) {
	e := signals(t)
	js := []any{"js", "start"}
	for _, c := range []struct {
		gtag          string
		before, after [][]any // host entries before and after embed.js
	}{
		{"before", [][]any{js, {"set", "page", "before"}}, nil},
		{"after", nil, [][]any{js, {"config", "G-TEST"}}},
	} {
		t.Run("gtag "+c.gtag, func(t *testing.T) {
			tb := newTab(t)
			u := e.url("a", "/p", "gtag="+c.gtag)
			tb.open(u)
			tb.wait(bannerShown, "the banner")
			var after struct {
				Gtag  string
				Layer []entry
			}
			tb.eval(`({Gtag: afterEmbed.gtag, Layer: afterEmbed.layer})`, &after)
			want := slices.Concat(c.before, [][]any{cmDefault})
			if !reflect.DeepEqual(values(after.Layer), want) {
				t.Fatalf("dataLayer right after embed.js:\n got %v\nwant %v", values(after.Layer), want)
			}
			if !after.Layer[len(after.Layer)-1].Args {
				t.Error("the default is not an Arguments object, as gtag pushes")
			}
			if wantGtag := map[string]string{"before": "function", "after": "undefined"}[c.gtag]; after.Gtag != wantGtag {
				t.Errorf("typeof gtag after embed.js = %s, want %s", after.Gtag, wantGtag)
			}
			if !tb.bool(`afterEmbed.ref === window.dataLayer`) {
				t.Error("the host's dataLayer was replaced")
			}

			chooseStatistics(tb)
			var layer []entry
			tb.eval(`layer()`, &layer)
			want = slices.Concat(c.before, [][]any{cmDefault}, c.after, [][]any{cmUpdateStats})
			if !reflect.DeepEqual(values(layer), want) {
				t.Fatalf("dataLayer after the choice:\n got %v\nwant %v", values(layer), want)
			}
			if !layer[len(layer)-1].Args {
				t.Error("the update is not an Arguments object")
			}

			// A later page view: default and update before the host's later scripts, once.
			tb.open(u)
			tb.wait(`events.consent === 1`, "consent at load")
			tb.eval(`afterEmbed.layer`, &after.Layer)
			want = slices.Concat(c.before, [][]any{cmDefault, cmUpdateStats})
			if !reflect.DeepEqual(values(after.Layer), want) {
				t.Fatalf("dataLayer after embed.js on a returning visit:\n got %v\nwant %v", values(after.Layer), want)
			}
			tb.eval(`layer()`, &layer)
			want = slices.Concat(want, c.after)
			if !reflect.DeepEqual(values(layer), want) {
				t.Errorf("dataLayer at load on a returning visit:\n got %v\nwant %v", values(layer), want)
			}
		})
	}
	// "One of its categories" grants a key; accepting all grants every mapped key.
	t.Run("accept all", func(t *testing.T) {
		tb := newTab(t)
		tb.open(e.url("a", "/p", ""))
		tb.wait(`window.charte`, "embed.js")
		tb.eval(`charte.accept(['first-party'])`, nil)
		var layer []entry
		tb.eval(`layer()`, &layer)
		last := layer[len(layer)-1].V[2].(map[string]any)
		if last["personalization_storage"] != "granted" || last["analytics_storage"] != "denied" || last["ad_storage"] != "denied" {
			t.Errorf("update for first-party: %v", last)
		}
	})
	// No consentMode in the config: nothing is pushed, no dataLayer appears.
	t.Run("not configured", func(t *testing.T) {
		tb := newTab(t)
		tb.open(e.url("a", "/p", "site=plain.charte.test"))
		tb.wait(bannerShown, "the banner")
		tb.click("Tout accepter")
		tb.wait(`events.change === 1`, "the choice")
		if tb.bool(`'dataLayer' in window`) {
			t.Error("dataLayer created for a site without Consent Mode")
		}
	})
}
