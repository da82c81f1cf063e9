package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// patience is how long a wait may take before the test names what never
// came; it only catches what hangs, the waits return as soon as they hold.
const patience = 45 * time.Second

// tab is one page under test, with what it logged and requested.
type tab struct {
	t        *testing.T
	ctx      context.Context
	visitor  cdp.BrowserContextID // its cookie jar, cache and storage, shared with its siblings
	mu       sync.Mutex
	errors   []string
	requests []string
	ids      map[network.RequestID]string
	// received is the bytes each URL's last load took off the network.
	received map[string]float64
	inFlight map[network.RequestID]bool
	// cancelled lists the URLs whose load the page gave up.
	cancelled []string
}

// newTab opens a tab for a new visitor: a browser context that no other
// running test uses (like a private window), with its cookies cleared, so
// that tests run side by side in one Chromium. The contexts of finished
// tests serve the next ones: a new one costs a window, a network context
// and renderer processes, and its cache is cold (the wasm compiled again).
func newTab(t *testing.T) *tab {
	t.Helper()
	id, err := visitors.take()
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	t.Cleanup(func() { visitors.put(id) }) // after the tabs close: cleanups run last first
	tb := openTab(t, id, false)
	tb.run(network.ClearBrowserCookies())
	return tb
}

// sibling opens another tab for tb's visitor (the same cookies and
// storage), in a window of its own so that both are in front.
func (tb *tab) sibling(t *testing.T) *tab {
	t.Helper()
	return openTab(t, tb.visitor, true)
}

// visitors are the browser contexts no running test uses. Each keeps a
// window open with a blank tab, where a test's tab comes in front.
var visitors pool

type pool struct {
	mu   sync.Mutex
	idle []cdp.BrowserContextID
}

func (p *pool) take() (cdp.BrowserContextID, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		id := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return id, nil
	}
	p.mu.Unlock()
	var id cdp.BrowserContextID
	err := chromedp.Run(browser, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		if id, err = target.CreateBrowserContext().Do(onBrowser(ctx)); err != nil {
			return err
		}
		_, err = target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(onBrowser(ctx))
		return err
	}))
	return id, err
}

func (p *pool) put(id cdp.BrowserContextID) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle = append(p.idle, id)
}

// onBrowser sends CDP commands to the browser rather than to a tab.
func onBrowser(ctx context.Context) context.Context {
	return cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser)
}

// openTab opens a tab in the browser context id, in front (a background
// tab gets no frames and throttled timers): in its window, or in a new one.
func openTab(t *testing.T, id cdp.BrowserContextID, window bool) *tab {
	t.Helper()
	var tid target.ID
	err := chromedp.Run(browser, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		tid, err = target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(window).Do(onBrowser(ctx))
		return err
	}))
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithTargetID(tid))
	t.Cleanup(cancel)
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(tcancel)
	tb := &tab{t: t, ctx: ctx, visitor: id, ids: map[network.RequestID]string{},
		received: map[string]float64{}, inFlight: map[network.RequestID]bool{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				tb.errors = append(tb.errors, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			tb.errors = append(tb.errors, "exception: "+e.ExceptionDetails.Error())
		case *network.EventRequestWillBeSent:
			tb.requests = append(tb.requests, e.Request.URL)
			tb.ids[e.RequestID] = e.Request.URL
			// A document's load is followed by navigation events, and
			// a cross-site frame's ends in a process of its own.
			if e.Type != network.ResourceTypeDocument {
				tb.inFlight[e.RequestID] = true
			}
		case *network.EventLoadingFinished:
			tb.received[tb.ids[e.RequestID]] = e.EncodedDataLength
			delete(tb.inFlight, e.RequestID)
		case *network.EventLoadingFailed:
			delete(tb.inFlight, e.RequestID)
			if e.Canceled {
				tb.cancelled = append(tb.cancelled, tb.ids[e.RequestID])
			}
		case *cdpage.EventFrameNavigated:
			if e.Frame.ParentID == "" { // a new page: the old one's requests are not its own
				clear(tb.inFlight)
			}
		}
	})
	// Every tab behaves as the focused one, as a visitor's tab does:
	// windows side by side cannot all have the system's focus.
	tb.run(network.Enable(), cdpage.BringToFront(), emulation.SetFocusEmulationEnabled(true))
	return tb
}

func (tb *tab) run(actions ...chromedp.Action) {
	tb.t.Helper()
	if err := chromedp.Run(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// eval runs JS in the page and decodes its result into out (may be nil);
// a Promise is awaited.
func (tb *tab) eval(js string, out any) {
	tb.t.Helper()
	tb.run(chromedp.Evaluate(js, out, awaitPromise))
}

func (tb *tab) bool(js string) bool {
	tb.t.Helper()
	var b bool
	tb.eval("!!("+js+")", &b)
	return b
}

// number evaluates js in the page, whose value is a number.
func (tb *tab) number(js string) float64 {
	tb.t.Helper()
	var n float64
	tb.eval(js, &n)
	return n
}

// poll calls ok until it holds, ctx ends or the patience runs out; err is
// ok's last error, if any.
func poll(ctx context.Context, ok func(ctx context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, patience)
	defer cancel()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		done, err := ok(ctx)
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return err
		case <-tick.C:
		}
	}
}

// until polls a condition on the Go side.
func until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	if err := poll(context.Background(), func(context.Context) (bool, error) { return ok(), nil }); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// wait polls a JS condition, across page loads; a Promise is awaited.
func (tb *tab) wait(js, what string) {
	tb.t.Helper()
	err := poll(tb.ctx, func(ctx context.Context) (bool, error) {
		var ok bool
		err := chromedp.Run(ctx, chromedp.Evaluate("Promise.resolve("+js+").then(v => !!v)", &ok, awaitPromise))
		return err == nil && ok, err
	})
	if err != nil {
		tb.t.Fatalf("waiting for %s: %v\nconsole errors: %v", what, err, tb.consoleErrors())
	}
}

// idleJS resolves once the page has been idle: the tasks, timers due and
// idle callbacks its scripts queued before (embed.js's prefetch is one)
// have run.
const idleJS = `new Promise(r => requestIdleCallback(() => r(true), {timeout: 2000}))`

// idle waits for the page to be idle: what its scripts were about to do
// has been done, or started.
func (tb *tab) idle() {
	tb.t.Helper()
	tb.wait(idleJS, "the page idle")
}

// quiet waits until the page has nothing on the network but the requests
// the test holds back (URLs containing one of held) and has been idle
// since: what would wrongly run after a choice or a page view has run, or
// started, by then. A test that checks something did not happen waits
// here first.
func (tb *tab) quiet(held ...string) {
	tb.t.Helper()
	err := poll(tb.ctx, func(ctx context.Context) (bool, error) {
		n, busy := tb.traffic(held)
		if busy {
			return false, nil
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(idleJS, nil, awaitPromise)); err != nil {
			return false, err
		}
		m, busy := tb.traffic(held)
		return m == n && !busy, nil
	})
	if err != nil {
		tb.mu.Lock()
		var open []string
		for id := range tb.inFlight {
			open = append(open, tb.ids[id])
		}
		tb.mu.Unlock()
		tb.t.Fatalf("waiting for the page to be quiet: %v; in flight: %v", err, open)
	}
}

// traffic is how many requests the tab sent, and whether one is in
// flight that is not held.
func (tb *tab) traffic(held []string) (int, bool) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for id := range tb.inFlight {
		if !slices.ContainsFunc(held, func(h string) bool { return strings.Contains(tb.ids[id], h) }) {
			return len(tb.requests), true
		}
	}
	return len(tb.requests), false
}

func (tb *tab) consoleErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errors...)
}

func (tb *tab) requested(substr string) []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, u := range tb.requests {
		if strings.Contains(u, substr) {
			out = append(out, u)
		}
	}
	return out
}

// receivedBytes is what url's last load took off the network, headers
// included; -1 while it has not finished.
func (tb *tab) receivedBytes(url string) float64 {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if n, ok := tb.received[url]; ok {
		return n
	}
	return -1
}

// open navigates to url and waits for its load event.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.run(chromedp.Navigate(url))
}

// start navigates to url without waiting for its load event.
func (tb *tab) start(url string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		_, _, _, _, err := cdpage.Navigate(url).Do(ctx)
		return err
	}))
}

// initScript runs src in every document of the tab before its own scripts.
func (tb *tab) initScript(src string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := cdpage.AddScriptToEvaluateOnNewDocument(src).Do(ctx)
		return err
	}))
}

// shadow is a JS expression of the widget's shadow root.
const shadow = `(document.querySelector('charte-consent') && document.querySelector('charte-consent').shadowRoot)`

const bannerShown = shadow + ` && ` + shadow + `.querySelector('.charte-banner')`

// click clicks the widget's button whose text is text.
func (tb *tab) click(text string) {
	tb.t.Helper()
	tb.wait(fmt.Sprintf(`%s && [...%s.querySelectorAll('button')].some(b => b.textContent.trim() === %q)`, shadow, shadow, text), "button "+text)
	tb.eval(fmt.Sprintf(`[...%s.querySelectorAll('button')].find(b => b.textContent.trim() === %q).click()`, shadow, text), nil)
}

// key presses a key in the page (trusted input, as a person would).
func (tb *tab) key(k string) {
	tb.t.Helper()
	tb.run(chromedp.KeyEvent(keys[k]))
}

var keys = map[string]string{"Tab": "\t", "Enter": "\r", "Escape": "\u001b"}

// cookies lists the cookies the browser would send to any of the URLs,
// by default the host page's. The page's own writes are in: a read of
// document.cookie waits for them to reach the browser's store.
func (tb *tab) cookies(urls ...string) []*network.Cookie {
	tb.t.Helper()
	if len(urls) == 0 {
		urls = []string{host + "/"}
	}
	var cs []*network.Cookie
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		// Between two pages there is no document to ask: no write is pending.
		chromedp.Evaluate(`void document.cookie`, nil).Do(ctx)
		var err error
		cs, err = network.GetCookies().WithURLs(urls).Do(ctx)
		return err
	}))
	return cs
}

// cookie is the host page's cookie called name, nil when there is none.
func (tb *tab) cookie(name string) *network.Cookie {
	tb.t.Helper()
	for _, c := range tb.cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// setCookie stores a cookie for url; domain "" makes it host-only.
func (tb *tab) setCookie(url, name, value, domain, path string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		p := network.SetCookie(name, value).WithURL(url).WithPath(path)
		if domain != "" {
			p = p.WithDomain(domain)
		}
		return p.Do(ctx)
	}))
}

// named keeps the cookies whose name starts with prefix.
func named(cs []*network.Cookie, prefix string) []*network.Cookie {
	var out []*network.Cookie
	for _, c := range cs {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func describe(cs []*network.Cookie) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s=%s (domain %s, path %s)", c.Name, c.Value, c.Domain, c.Path))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// pointAt moves the mouse over the element sel (a JS expression), as a
// visitor's pointer would (a trusted event).
func (tb *tab) pointAt(sel string) {
	tb.t.Helper()
	var at struct{ X, Y float64 }
	tb.eval(`(() => { const r = `+sel+`.getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, &at)
	tb.run(chromedp.MouseEvent(input.MouseMoved, at.X, at.Y))
}
