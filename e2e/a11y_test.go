package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// contrast is a JS function giving the WCAG contrast ratio of an element's
// text against its own, or its nearest, opaque background.
const contrast = `(el => {
	const rgb = s => s.match(/[\d.]+/g).map(Number);
	const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
	let bg = null;
	for (let e = el; e && !bg; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
		const c = rgb(getComputedStyle(e).backgroundColor);
		if (c.length < 4 || c[3] === 1) bg = c;
		if (e.classList && (e.classList.contains('charte-banner') || e.classList.contains('charte-dialog'))) bg = bg || [255, 255, 255];
	}
	const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg || [255, 255, 255]);
	return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})`

// At 320 px wide every control of the banner and the preferences fits on
// screen, is at least 24 px, and its text has AA contrast.
func TestNarrowScreenAndContrast(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.run(chromedp.EmulateViewport(320, 640))
	tb.open(page(""))
	tb.wait(bannerShown, "the banner")
	check := func(where, selector string, target bool) {
		t.Helper()
		var bad []string
		tb.eval(`[...`+shadow+`.querySelectorAll(`+"`"+selector+"`"+`)].filter(el => el.offsetParent !== null || el.getClientRects().length).map(el => {
			const r = el.getBoundingClientRect(), k = `+contrast+`(el);
			const label = el.getAttribute('aria-label') || el.textContent.trim() || el.className;
			const small = `+boolJS(target)+` && (r.width < 24 || r.height < 24), outside = r.left < 0 || r.right > innerWidth + 0.5;
			const dim = el.getAttribute('role') !== 'switch' && k < 4.5;
			return small || outside || dim ? label + ' ' + JSON.stringify({w: r.width, h: r.height, left: r.left, right: r.right, contrast: k}) : null;
		}).filter(Boolean)`, &bad)
		for _, b := range bad {
			t.Errorf("%s: %s", where, b)
		}
	}
	check("banner", `.charte-banner button`, true)
	if tb.bool(`document.documentElement.scrollWidth > innerWidth`) {
		t.Error("the widget makes the page scroll sideways")
	}
	tb.click("Personnaliser")
	tb.wait(shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
	check("preferences", `[aria-modal=true] button, [aria-modal=true] summary`, true)
	check("text", `[aria-modal=true] p, [aria-modal=true] h2, [aria-modal=true] h3`, false)
}

func boolJS(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
