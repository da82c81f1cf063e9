package e2e

import (
	"testing"
	"time"

	"github.com/charte/charte/consent"
)

// A visitor refuses on a.charte.test; a page of a sibling subdomain sets
// an accept-all cookies_preferences, newer, for all of .charte.test. The
// forged copy adds no consent: no gated script runs on a, the refusal
// still applies, and the widget writes it back as the one cookie.
func TestForgedSiblingCookie(t *testing.T) {
	t.Parallel()
	e := signals(t)
	tb := newTab(t)
	a, b := e.url("a", "/p", "site=plain.charte.test"), e.url("b", "/p", "site=plain.charte.test")
	tb.open(a)
	tb.wait(bannerShown, "the banner")
	tb.click("Tout refuser")
	tb.wait(`events.change === 1`, "the refusal")
	prefs := named(tb.cookies(a), consent.CookieName)
	if len(prefs) != 1 {
		t.Fatalf("after the refusal: %s", describe(prefs))
	}
	refusal := prefs[0].Value

	site := e.sites["plain.charte.test"]
	forged := consent.New(site, site.CategoryIDs(), time.Now().Add(time.Minute)).Value()
	tb.setCookie(b, consent.CookieName, forged, ".charte.test", "/")
	if n := len(named(tb.cookies(a), consent.CookieName)); n != 2 {
		t.Fatalf("the forged copy is not sent to a: %d values", n)
	}

	tb.open(a)
	tb.wait(`events.consent === 1`, "consent at load")
	if tb.bool(`window.statsRuns || window.thirdRuns`) {
		t.Error("a gated script ran on the forged copy's word")
	}
	var got struct {
		ID       string
		Accepted []string
	}
	tb.eval(`charte.get()`, &got)
	if want, _ := consent.Parse(refusal); got.ID != want.ID || len(got.Accepted) != 1 {
		t.Errorf("a applies %+v, want the refusal %s", got, want.ID)
	}
	prefs = named(tb.cookies(a), consent.CookieName)
	if len(prefs) != 1 || prefs[0].Value != refusal {
		t.Errorf("on a: %s, want the refusal alone", describe(prefs))
	}
}
