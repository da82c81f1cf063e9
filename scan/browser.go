package scan

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
)

// cookieSpy wraps document.cookie's setter to tell the scan which script
// wrote which cookie: the first http(s) frame of the stack is the script
// (or the page, for an inline script), and which cookies this document
// wrote. Reading and writing are unchanged.
const cookieSpy = `(function () {
  var d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!d || !d.set) return;
  // This document's writes, for the scan's state read: a cookie the page
  // (or Charte's clean-up) deleted again before the read was still set.
  var writes = [];
  Object.defineProperty(window, '__charteScanWrites', {value: writes});
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, enumerable: d.enumerable,
    get: function () { return d.get.call(this); },
    set: function (v) {
      try {
        // Frame 0 is this setter; frame 1 is the writer, without a URL
        // when it is an inline script another script inserted.
        var frames = String(new Error().stack).split('\n').slice(2), src = '';
        var re = /(https?:\/\/[^\s()]+?):(?:\d+:\d+|wasm-function)/;
        for (var i = 0; i < frames.length && !src; i++) {
          var m = re.exec(frames[i]);
          if (m) src = (i > 0 && /<anonymous>/.test(frames[0]) ? 'inline script run by ' : '') + m[1];
        }
        var str = String(v), semi = str.indexOf(';'), name = str.split(';')[0].split('=')[0].trim();
        var attrs = semi < 0 ? '' : str.slice(semi + 1);
        if (typeof __charteScanWrite === 'function') __charteScanWrite(name + '\n' + (src || location.href) + '\n' + attrs);
        writes.push({name: name, attrs: attrs, src: src || location.href});
      } catch (e) {}
      d.set.call(this, v);
    }
  });
})();`

const bindingName = "__charteScanWrite"

// browser is one Chromium with a fresh profile, for one pass.
type browser struct {
	ctx    context.Context
	cancel context.CancelFunc
	opt    *Options
	frame  cdp.FrameID

	mu       sync.Mutex
	urls     map[network.RequestID]string
	inflight map[network.RequestID]bool
	last     time.Time
	doc      network.RequestID
	docResp  *network.Response
	docBytes int64
	loaded   chan struct{}         // a frame's load: look at loads
	loads    map[cdp.LoaderID]bool // main-frame documents that fired load
	huge     chan struct{}
	hugeSent bool
	setCk    []setCookie            // Set-Cookie headers, URL resolved late
	written  map[string]scriptWrite // cookie name → the first script that wrote it
	hosts    map[string]hostHit     // hosts contacted since the last take
	site     string                 // the site of the page being loaded
	offsite  string                 // where the page tried to go off-site
	embed    map[string]string      // an embed.js that did not load → why
}

type setCookie struct {
	id    network.RequestID
	lines []string
}

type hostHit struct{ url string }

// scriptWrite is a document.cookie write: the script and the attributes
// (the value is left out).
type scriptWrite struct {
	src, attrs string
	at         time.Time
}

// startBrowser starts a pass's Chromium, stopped when parent ends
// (Ctrl-C) or by cancel.
func startBrowser(parent context.Context, o *Options) (*browser, error) {
	// A fresh profile whose preferences allow third-party cookies, as a
	// visitor's browser may: headless Chromium blocks them by default, and
	// the scan must see what the site tries.
	dir, err := os.MkdirTemp("", "charte-scan-")
	if err != nil {
		return nil, err
	}
	prefs := []byte(`{"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": false}}`)
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err == nil {
		err = os.WriteFile(filepath.Join(dir, "Default", "Preferences"), prefs, 0o644)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Cross-site frames stay in the page's process, so their requests
	// reach this page's listener too (a video frame's own trackers).
	// Local Network Access is off: a scan often reaches a site on a
	// public or LAN address and its Charte server on this machine, and
	// Chromium would then refuse embed.js, which in production comes from
	// a public host like the site.
	opts := []chromedp.ExecAllocatorOption{chromedp.UserDataDir(dir),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process,LocalNetworkAccessChecks")}
	ctx, stop, err := headless.Start(append(opts, o.Browser...)...)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cannot start Chromium: %v", err)
	}
	cancel := func() { stop(); os.RemoveAll(dir) }
	go func() {
		select {
		case <-parent.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	b := &browser{ctx: ctx, cancel: cancel, opt: o, urls: map[network.RequestID]string{},
		inflight: map[network.RequestID]bool{}, embed: map[string]string{}, loads: map[cdp.LoaderID]bool{}, written: map[string]scriptWrite{}, hosts: map[string]hostHit{},
		loaded: make(chan struct{}, 1), huge: make(chan struct{}, 1)}
	chromedp.ListenTarget(ctx, b.event)
	err = chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := page.SetLifecycleEventsEnabled(true).Do(ctx); err != nil {
			return err
		}
		if err := network.Enable().Do(ctx); err != nil {
			return err
		}
		if err := runtime.AddBinding(bindingName).Do(ctx); err != nil {
			return err
		}
		if _, err := page.AddScriptToEvaluateOnNewDocument(cookieSpy).Do(ctx); err != nil {
			return err
		}
		// Pages open and leave the site through the paused main-frame
		// documents: an off-site redirect is stopped before its cookies.
		docs := []*fetch.RequestPattern{{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageRequest}}
		if err := fetch.Enable().WithPatterns(docs).Do(ctx); err != nil {
			return err
		}
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		b.frame = tree.Frame.ID
		return nil
	}))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cannot drive Chromium: %v", err)
	}
	return b, nil
}

func (b *browser) event(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.urls[e.RequestID] = e.Request.URL
		// An iframe's document finishes in the frame's own target, which
		// this page's events do not follow.
		if e.Type != network.ResourceTypeDocument || e.FrameID == b.frame {
			b.inflight[e.RequestID] = true
		}
		b.last = now
		if e.Type == network.ResourceTypeDocument && e.FrameID == b.frame {
			b.doc = e.RequestID
		}
		if u, err := url.Parse(e.Request.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			if _, ok := b.hosts[u.Hostname()]; !ok {
				b.hosts[u.Hostname()] = hostHit{url: e.Request.URL}
			}
		}
	case *network.EventResponseReceived:
		b.last = now
		if isEmbed(e.Response.URL) && e.Response.Status >= 400 {
			b.embed[e.Response.URL] = fmt.Sprintf("HTTP %d", int(e.Response.Status))
		}
		if e.RequestID == b.doc {
			b.docResp = e.Response
			if n, err := strconv.ParseInt(headerString(e.Response.Headers, "content-length"), 10, 64); err == nil && n > b.opt.MaxPageBytes {
				b.docBytes = n
				b.signalHuge()
			}
		}
	case *network.EventDataReceived:
		b.last = now
		if e.RequestID == b.doc {
			b.docBytes += max(e.EncodedDataLength, e.DataLength)
			if b.docBytes > b.opt.MaxPageBytes {
				b.signalHuge()
			}
		}
	case *network.EventLoadingFinished:
		delete(b.inflight, e.RequestID)
		b.last = now
		if e.RequestID == b.doc && int64(e.EncodedDataLength) > b.docBytes {
			b.docBytes = int64(e.EncodedDataLength)
		}
	case *network.EventLoadingFailed:
		delete(b.inflight, e.RequestID)
		b.last = now
		if u := b.urls[e.RequestID]; isEmbed(u) && !e.Canceled {
			b.embed[u] = loadFailure(e)
		}
	case *network.EventResponseReceivedExtraInfo:
		if v := headerString(e.Headers, "set-cookie"); v != "" {
			b.setCk = append(b.setCk, setCookie{id: e.RequestID, lines: strings.Split(v, "\n")})
		}
	case *runtime.EventBindingCalled:
		if e.Name == bindingName {
			name, rest, _ := strings.Cut(e.Payload, "\n")
			src, attrs, _ := strings.Cut(rest, "\n")
			if _, ok := b.written[name]; !ok && name != "" {
				b.written[name] = scriptWrite{src: src, attrs: attrs, at: now}
			}
		}
	case *fetch.EventRequestPaused:
		off := e.FrameID == b.frame && !sameSite(hostOf(e.Request.URL), b.site)
		if off && b.offsite == "" {
			b.offsite = e.Request.URL
		}
		go func() {
			ctx := cdp.WithExecutor(b.ctx, chromedp.FromContext(b.ctx).Target)
			if off {
				fetch.FailRequest(e.RequestID, network.ErrorReasonBlockedByClient).Do(ctx)
			} else {
				fetch.ContinueRequest(e.RequestID).Do(ctx)
			}
		}()
	case *page.EventLifecycleEvent:
		if e.FrameID != b.frame || e.Name != "load" {
			return
		}
		b.loads[e.LoaderID] = true
		select {
		case b.loaded <- struct{}{}:
		default:
		}
	}
}

func (b *browser) signalHuge() {
	if !b.hugeSent {
		b.hugeSent = true
		b.huge <- struct{}{}
	}
}

// isEmbed reports whether u is a Charte embed.js.
func isEmbed(u string) bool {
	p, err := url.Parse(u)
	return err == nil && strings.HasSuffix(p.Path, "/embed.js")
}

// loadFailure says why the browser did not load a request, in words an
// operator can act on.
func loadFailure(e *network.EventLoadingFailed) string {
	why := e.ErrorText
	if e.BlockedReason != "" {
		why += ", blocked: " + string(e.BlockedReason)
	}
	if c := e.CorsErrorStatus; c != nil {
		switch s := string(c.CorsError); {
		case strings.Contains(s, "LocalNetwork"), strings.Contains(s, "PrivateNetwork"):
			why += ", refused by the browser's Local Network Access rules (a page on a public address may not load from a local one)"
		default:
			why += ", CORS: " + s
		}
	}
	return why
}

// embedFailure is the first embed.js of the page that did not load, and
// why; "" when none failed.
func (b *browser) embedFailure() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for u, why := range b.embed {
		return u + " did not load (" + why + ")"
	}
	return ""
}

func headerString(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// load opens u and waits for its load event; it returns why the page
// cannot be scanned, or "".
func (b *browser) load(u, site string, p *Page) string {
	b.mu.Lock()
	b.doc, b.docResp, b.docBytes, b.hugeSent, b.site, b.offsite = "", nil, 0, false, site, ""
	b.hosts = map[string]hostHit{} // a page view's own, not a failed one's before it
	b.embed = map[string]string{}
	b.loads = map[cdp.LoaderID]bool{}
	for len(b.loaded) > 0 {
		<-b.loaded
	}
	for len(b.huge) > 0 {
		<-b.huge
	}
	b.mu.Unlock()

	ctx, cancel := context.WithTimeout(b.ctx, b.opt.PageTimeout)
	defer cancel()
	var errText string
	var download bool
	var loader cdp.LoaderID
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		_, loader, errText, download, err = page.Navigate(u).Do(ctx)
		return err
	}))
	switch {
	case err != nil && ctx.Err() != nil:
		b.stop()
		return fmt.Sprintf("no answer within %s (per-page timeout)", b.opt.PageTimeout)
	case err != nil:
		return "cannot load: " + err.Error()
	case download:
		b.stop()
		return "a download, not a page: not scanned"
	case errText != "":
		b.mu.Lock()
		off := b.offsite
		b.mu.Unlock()
		if off != "" && strings.Contains(errText, "ERR_BLOCKED_BY_CLIENT") {
			return "redirected off-site to " + off + ": not scanned"
		}
		return netError(errText)
	}
	// Wait for this document's load: a stopped page before it may still
	// report its own.
	for {
		b.mu.Lock()
		done := b.loads[loader]
		b.mu.Unlock()
		if done {
			break
		}
		select {
		case <-b.loaded:
		case <-b.huge:
			b.stop()
			return fmt.Sprintf("the page is larger than %s: not scanned", size(b.opt.MaxPageBytes))
		case <-ctx.Done():
			b.stop()
			if b.ctx.Err() != nil {
				return "the browser stopped"
			}
			return fmt.Sprintf("the page did not finish loading within %s (per-page timeout): not scanned", b.opt.PageTimeout)
		}
	}
	b.mu.Lock()
	resp, n := b.docResp, b.docBytes
	b.mu.Unlock()
	if resp == nil {
		return "no document was received"
	}
	p.Status, p.Bytes = int(resp.Status), n
	if resp.URL != u {
		p.Final = resp.URL
	}
	mime := strings.ToLower(resp.MimeType)
	switch {
	case n > b.opt.MaxPageBytes:
		return fmt.Sprintf("the page is larger than %s: not scanned", size(b.opt.MaxPageBytes))
	case !sameSite(hostOf(resp.URL), site):
		return "redirected off-site to " + resp.URL + ": not scanned"
	case resp.Status >= 400:
		return fmt.Sprintf("HTTP %d %s: not scanned", resp.Status, http.StatusText(int(resp.Status)))
	case mime != "text/html" && mime != "application/xhtml+xml":
		return fmt.Sprintf("not an HTML page (%s): not scanned", resp.MimeType)
	}
	b.settle()
	return ""
}

func (b *browser) stop() {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	chromedp.Run(ctx, page.StopLoading())
}

// settle waits until the network has been quiet for Settle (at most five
// times that): scripts started by the load event set their cookies.
func (b *browser) settle() {
	deadline := time.Now().Add(5 * b.opt.Settle)
	for time.Now().Before(deadline) {
		time.Sleep(b.opt.Settle / 5)
		b.mu.Lock()
		quiet := len(b.inflight) == 0 && time.Since(b.last) >= b.opt.Settle
		b.mu.Unlock()
		if quiet {
			return
		}
	}
}

func netError(t string) string {
	switch {
	case strings.Contains(t, "ERR_TOO_MANY_REDIRECTS"):
		return "redirect loop (" + t + "): not scanned"
	case strings.Contains(t, "ERR_CONNECTION_REFUSED"), strings.Contains(t, "ERR_NAME_NOT_RESOLVED"),
		strings.Contains(t, "ERR_ADDRESS_UNREACHABLE"), strings.Contains(t, "ERR_CONNECTION_TIMED_OUT"):
		return "unreachable (" + t + "): not scanned"
	case strings.Contains(t, "ERR_ABORTED"):
		return "the browser did not show it as a page, a download perhaps (" + t + "): not scanned"
	}
	return "cannot load (" + t + "): not scanned"
}

// pageState is what a page tells about itself.
type pageState struct {
	Charte  bool     `json:"charte"`
	Origin  string   `json:"origin"`
	Local   []string `json:"local"`
	Session []string `json:"session"`
	Links   []string `json:"links"`
	Written []struct {
		Name  string `json:"name"`
		Attrs string `json:"attrs"`
		Src   string `json:"src"`
	} `json:"written"`
	Host string `json:"host"`
	Path string `json:"path"`
}

const stateJS = `(() => {
  const o = {charte: !!(window.charte && typeof window.charte.acceptAll === 'function'), origin: location.origin, local: [], session: [], links: [],
    written: (window.__charteScanWrites || []).slice(0, 5000), host: location.hostname, path: location.pathname};
  try { o.local = Object.keys(localStorage); } catch (e) {}
  try { o.session = Object.keys(sessionStorage); } catch (e) {}
  try { o.links = Array.from(document.links, a => a.href).slice(0, 5000); } catch (e) {}
  return JSON.stringify(o);
})()`

func (b *browser) eval(expr string, await bool) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	var s string
	err := chromedp.Run(ctx, chromedp.Evaluate(expr, &s, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(await)
	}))
	return s, err
}

func (b *browser) state() (pageState, error) {
	var st pageState
	s, err := b.eval(stateJS, false)
	if err == nil {
		err = json.Unmarshal([]byte(s), &st)
	}
	return st, err
}

// choose makes the choice through window.charte when the page has no valid
// one yet: "made", "kept" (a choice holds already) or "none" (no Charte).
func (b *browser) choose(method string) (string, error) {
	return b.eval(`(async () => {
  const c = window.charte;
  if (!c || typeof c.`+method+` !== 'function') return 'none';
  try { await Promise.race([c.ready, new Promise(r => setTimeout(r, 3000))]); } catch (e) {}
  if (c.get()) return 'kept';
  await c.`+method+`();
  return 'made';
})()`, true)
}

func (b *browser) cookies() ([]*network.Cookie, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	var out []*network.Cookie
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		out, err = storage.GetCookies().Do(ctx)
		return err
	}))
	return out, err
}

// origin says who set a cookie, by name and domain: a Set-Cookie header
// (and its URL), else a script's document.cookie write; and the lifetime
// in days it asked for (0: a session cookie or not known).
func (b *browser) origin(name, domain string) (by, from string, asked float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, sc := range b.setCk {
		u := b.urls[sc.id]
		for _, line := range sc.lines {
			c, err := http.ParseSetCookie(strings.TrimSpace(line))
			if err != nil || c.Name != name || c.MaxAge < 0 {
				continue
			}
			d := c.Domain
			if d == "" {
				d = hostOf(u)
			}
			if strings.TrimPrefix(d, ".") == strings.TrimPrefix(domain, ".") {
				return "header", u, askedDays(c, time.Now())
			}
		}
	}
	if w, ok := b.written[name]; ok {
		var asked float64
		if c, err := http.ParseSetCookie("x=x;" + w.attrs); err == nil {
			asked = askedDays(c, w.at)
		}
		return "script", w.src, asked
	}
	return "unknown", "", 0
}

// askedDays is the lifetime a cookie asks for, from Max-Age or Expires.
func askedDays(c *http.Cookie, at time.Time) float64 {
	switch {
	case c.MaxAge > 0:
		return float64(c.MaxAge) / 86400
	case !c.Expires.IsZero():
		return c.Expires.Sub(at).Hours() / 24
	}
	return 0
}

// takeHosts returns the hosts contacted since the last call.
func (b *browser) takeHosts() map[string]hostHit {
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.hosts
	b.hosts = map[string]hostHit{}
	return h
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Hostname())
}

// sameSite reports whether two hosts belong to one site: equal, or one a
// subdomain of the other once "www." is set aside.
func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.TrimPrefix(a, "."), "www."), strings.TrimPrefix(strings.TrimPrefix(b, "."), "www.")
	return a != "" && b != "" && (a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a))
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}
