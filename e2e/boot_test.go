package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The first visit must not make the host page pay for the wasm: before the
// page's load event embed.js fetches the prerendered banner only; the
// wasm comes when the page is idle, at low priority, and runs when the
// visitor asks for more than the banner.

var (
	bootOnce sync.Once
	bootHost string
)

// bootPage is a host page whose load event waits for key's release (none
// when key is empty).
func bootPage(t *testing.T, key string) string {
	bootOnce.Do(func() {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/hero.gif":
				gates.wait(r, r.URL.Query().Get("key"))
				w.Header().Set("Content-Type", "image/gif")
				w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
			case "/boot":
				fmt.Fprintf(w, bootHTML, widget+"/s/exemple.fr/embed.js", r.URL.Query().Get("key"))
			default:
				http.NotFound(w, r)
			}
		}))
		// Lives as long as the test binary, like the harness's servers.
		bootHost = strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
	})
	return bootHost + "/boot?key=" + key
}

const bootHTML = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Host page</title>
<script>
  window.events = { consent: 0, change: 0 };
  addEventListener('charte:consent', () => events.consent++);
  addEventListener('charte:change', () => events.change++);
</script>
<script src="%s"></script>
</head>
<body>
<h1>Host</h1>
<p><a id="manage" href="#" data-charte="open">Gérer les cookies</a></p>
<img id="hero" src="/hero.gif?key=%s" alt="" width="300" height="100">
<script type="text/plain" data-category="statistics">window.statsRuns = (window.statsRuns || 0) + 1;</script>
</body>
</html>`

// widgetRequests lists what the tab asked of the widget beyond embed.js
// and the prerendered banner.
func (tb *tab) widgetRequests() []string {
	var out []string
	for _, u := range tb.requested(widget + "/") {
		if !strings.HasSuffix(u, "/embed.js") && !strings.Contains(u, "/shell.") {
			out = append(out, u)
		}
	}
	return out
}

// prefetchDecided waits for the moment the idle prefetch starts or is
// skipped, some seconds after the page's load event.
func (tb *tab) prefetchDecided() {
	tb.t.Helper()
	tb.wait(`performance.getEntriesByName('charte:prefetch').length + performance.getEntriesByName('charte:prefetch-skipped').length > 0`, "the prefetch's start or skip")
}

func shellButton(text string) string {
	return fmt.Sprintf(`[...%s.querySelectorAll('[data-charte-shell] button')].find(b => b.textContent.trim() === %q)`, shadow, text)
}

// Before load: embed.js and the banner only. After load: the wasm and the
// rest, at low priority, compiled but not run. Pointing at "Personnaliser"
// starts the widget.
func TestNothingBeforeLoad(t *testing.T) {
	t.Parallel()
	key, release := gates.hold(t)
	tb := newTab(t)
	var mu sync.Mutex
	priority := map[string]network.ResourcePriority{}
	chromedp.ListenTarget(tb.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			priority[e.Request.URL] = e.Request.InitialPriority
			mu.Unlock()
		}
	})
	tb.start(bootPage(t, key))
	tb.wait(shellShown, "the prerendered banner")
	tb.quiet("/hero.gif") // anything that would wrongly start has started
	if tb.bool(`document.readyState === 'complete'`) {
		t.Fatal("the host page loaded while its image was held")
	}
	if r := tb.widgetRequests(); len(r) != 0 {
		t.Errorf("before the page's load event the widget fetched %v", r)
	}

	release()
	tb.wait(`document.readyState === 'complete'`, "the page's load event")
	until(t, "the wasm fetched once the page is idle", func() bool {
		return len(tb.requested("/charte/app.wasm")) == 1 && tb.receivedBytes(tb.requested("/charte/app.wasm")[0]) > 0
	})
	for _, part := range []string{"/charte/app.wasm", "/charte/loader.js", "/inventory.json"} {
		r := tb.requested(part)
		if len(r) != 1 {
			t.Errorf("%s requested %d times", part, len(r))
			continue
		}
		mu.Lock()
		p := priority[r[0]]
		mu.Unlock()
		if p != network.ResourcePriorityLow && p != network.ResourcePriorityVeryLow {
			t.Errorf("%s fetched at priority %q, want low", part, p)
		}
	}
	tb.quiet()
	if !tb.bool(shellShown) || tb.bool(takenOver) {
		t.Fatal("the prefetched wasm ran without the visitor asking")
	}

	tb.pointAt(shellButton("Personnaliser"))
	tb.wait(takenOver+` && `+bannerShown, "the widget started by the pointer")
	if tb.bool(shadow + `.querySelector('[aria-modal=true]')`) {
		t.Error("pointing opened a dialog")
	}
	// The start instantiates the module the prefetch compiled: no second
	// request, no second compile.
	if r := tb.requested("/charte/app.wasm"); len(r) != 1 {
		t.Errorf("the wasm was requested %d times", len(r))
	}
	if n := tb.number(`performance.getEntriesByName('charte:compiled').length`); n != 1 {
		t.Errorf("the wasm was compiled %v times", n)
	}
	if errs := tb.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// Each way of asking for more starts the widget, before the page's load
// event too.
func TestIntentBoots(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, do, want string
	}{
		{"pointer on the charte link", "point:" + shadow + `.querySelector('[data-charte-shell] .charte-link')`, takenOver + ` && ` + bannerShown},
		{"focus on Personnaliser", shellButton("Personnaliser") + `.focus()`, takenOver + ` && ` + shadow + `.activeElement && ` + shadow + `.activeElement.textContent.trim() === 'Personnaliser'`},
		{"pointer on the page's manage link", "point:document.getElementById('manage')", takenOver},
		{"click on the page's manage link", `document.getElementById('manage').click()`, takenOver + ` && ` + shadow + `.querySelector('[aria-modal=true]')`},
		{"charte.show()", `charte.show()`, takenOver + ` && ` + shadow + `.querySelector('[aria-modal=true]')`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			key, _ := gates.hold(t) // the load event never comes
			tb := newTab(t)
			tb.start(bootPage(t, key))
			tb.wait(shellShown, "the prerendered banner")
			if r := tb.widgetRequests(); len(r) != 0 {
				t.Fatalf("fetched before load and before asking: %v", r)
			}
			if sel, ok := strings.CutPrefix(c.do, "point:"); ok {
				tb.pointAt(sel)
			} else {
				tb.eval(`void `+c.do, nil)
			}
			tb.wait(c.want, "the widget")
			if tb.bool(`document.readyState === 'complete'`) {
				t.Error("the page loaded while its image was held")
			}
		})
	}
}

// A choice made on the prerendered banner before the wasm runs holds: the
// wasm is then not fetched at all, and the next view asks nothing.
func TestChoiceOnShellKept(t *testing.T) {
	t.Parallel()
	key, release := gates.hold(t)
	tb := newTab(t)
	tb.start(bootPage(t, key))
	tb.wait(shellShown, "the prerendered banner")
	tb.click("Tout refuser")
	tb.wait(`events.change === 1 && document.cookie.includes('cookies_preferences=v=1')`, "the choice")
	release()
	tb.wait(`document.readyState === 'complete'`, "the page's load event")
	tb.prefetchDecided()
	tb.quiet()
	if r := tb.widgetRequests(); len(r) != 0 {
		t.Errorf("the widget was fetched after the choice: %v", r)
	}
	if tb.bool(bannerShown) || tb.bool(`window.statsRuns`) {
		t.Error("the banner came back or a refused script ran")
	}
	var got struct{ Refused []string }
	tb.eval(`charte.get()`, &got)
	if len(got.Refused) == 0 {
		t.Errorf("charte.get() after the choice: %+v", got)
	}
	tb.open(bootPage(t, ""))
	tb.wait(`document.readyState === 'complete' && events.consent === 1`, "the next view")
	tb.quiet()
	if tb.bool(`document.querySelector('charte-consent')`) || tb.bool(`events.change`) {
		t.Error("the next view asked again")
	}
}

// A choice on the banner while the prefetch is under way stops it: the
// wasm's request is cancelled and nothing is compiled.
func TestChoiceStopsPrefetch(t *testing.T) {
	t.Parallel()
	key, _ := gates.hold(t)
	tb := newTab(t)
	tb.open(page("prefix=/held/" + key))
	tb.wait(shellShown, "the prerendered banner")
	until(t, "the prefetch's request for the wasm", func() bool { return len(tb.requested("/charte/app.wasm")) == 1 })
	tb.click("Tout accepter")
	tb.wait(`events.change === 1 && performance.getEntriesByName('charte:prefetch-stopped').length === 1`, "the choice")
	until(t, "the wasm's request cancelled", func() bool {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		return slices.ContainsFunc(tb.cancelled, func(u string) bool { return strings.HasSuffix(u, "/charte/app.wasm") })
	})
	tb.quiet()
	if n := tb.number(`performance.getEntriesByName('charte:compiled').length`); n != 0 || tb.bool(takenOver) {
		t.Errorf("after the choice the wasm was compiled %v times, or the widget started", n)
	}
	if r := tb.requested("/charte/app.wasm"); len(r) != 1 {
		t.Errorf("the wasm was requested %d times", len(r))
	}
	if errs := tb.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if !tb.bool(`window.statsRuns === 1`) {
		t.Error("the accepted script did not run")
	}
}

// A visitor who asked to save data gets no prefetch; asking for the
// preferences still works, with feedback at once.
func TestSaveDataSkipsPrefetch(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.run(emulation.SetDataSaverOverride().WithDataSaverEnabled(true))
	tb.start(bootPage(t, ""))
	tb.wait(shellShown+` && document.readyState === 'complete'`, "the banner and the load event")
	if !tb.bool(`navigator.connection && navigator.connection.saveData`) {
		t.Fatal("Save-Data is not on in the page")
	}
	tb.prefetchDecided()
	tb.quiet()
	if r := tb.widgetRequests(); len(r) != 0 {
		t.Errorf("the widget was prefetched under Save-Data: %v", r)
	}
	var busy string
	tb.eval(`(() => { const b = `+shellButton("Personnaliser")+`; b.click(); return b.getAttribute('aria-busy') || ''; })()`, &busy)
	if busy != "true" {
		t.Errorf("the clicked button has aria-busy=%q right after the click", busy)
	}
	tb.wait(takenOver+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
}
