// Package scan checks a live site against its inventory: it crawls the site
// in headless Chromium three times (no choice, refuse all, accept all),
// records the cookies, storage keys and third-party hosts of each page, and
// reports what the charte does not say or what runs without consent.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os/exec"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
	"github.com/charte/charte/inventory"
)

// Options tune a scan; zero values take the defaults.
type Options struct {
	Site         *inventory.Site // the inventory to check against; nil: none
	Config       string          // its file, for the report
	MaxPages     int             // pages crawled in all (20)
	MaxDepth     int             // links followed from a start URL (3); -1: the start URLs alone
	PageTimeout  time.Duration   // per page (20 s)
	MaxPageBytes int64           // a larger document is not scanned (10 MB)
	Settle       time.Duration   // network quiet that ends a page view (500 ms)
	Progress     io.Writer       // one line per page view; nil: silent
	Browser      []chromedp.ExecAllocatorOption
}

// ErrNoChromium says the scan cannot run here, and how to fix it.
var ErrNoChromium = errors.New("charte scan needs Chromium: install it with `apt-get install chromium` (or set CHROMIUM to its path)")

// LifetimeDays is the longest a consent-based cookie may live: 13 months.
const LifetimeDays = inventory.MaxLifetimeDays

func (o *Options) defaults() {
	if o.MaxPages <= 0 {
		o.MaxPages = 20
	}
	switch {
	case o.MaxDepth == 0:
		o.MaxDepth = 3
	case o.MaxDepth < 0:
		o.MaxDepth = 0
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = 20 * time.Second
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = 10 << 20
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
}

// Run scans the sites of urls. The error is for a scan that could not run
// at all (no Chromium, no URL); a page that fails is a line of the report.
func Run(ctx context.Context, urls []string, o Options) (*Report, error) {
	o.defaults()
	if len(urls) == 0 {
		return nil, errors.New("no URL to scan")
	}
	for _, u := range urls {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, fmt.Errorf("%q is not an http(s) URL", u)
		}
	}
	if _, err := exec.LookPath(headless.Path()); err != nil {
		return nil, ErrNoChromium
	}
	db, err := loadDB()
	if err != nil {
		return nil, fmt.Errorf("the Open Cookie Database: %v", err)
	}
	r := &Report{Started: time.Now().UTC(), URLs: urls, Config: o.Config}
	if o.Site != nil {
		r.Site = o.Site.ID
	}
	s := &scanner{o: &o, db: db, r: r}

	first, err := s.crawl(ctx, urls)
	if err != nil {
		return nil, err
	}
	r.Passes = append(r.Passes, first)
	charte := false
	for _, p := range r.Pages {
		charte = charte || p.Charte
	}
	for _, pass := range []struct{ name, method string }{{PassRefuseAll, "rejectAll"}, {PassAcceptAll, "acceptAll"}} {
		if !charte {
			r.Passes = append(r.Passes, Pass{Name: pass.name, Skipped: "no page has Charte (window.charte): there is no choice to make through the widget"})
			continue
		}
		p, err := s.choicePass(ctx, pass.name, pass.method)
		if err != nil {
			return nil, err
		}
		r.Passes = append(r.Passes, p)
	}
	s.findings()
	r.Seconds = time.Since(r.Started).Round(100 * time.Millisecond).Seconds()
	return r, nil
}

type scanner struct {
	o  *Options
	db *database
	r  *Report
}

// crawl is the no-choice pass: it visits the start URLs and the same-site
// links they lead to, breadth first.
func (s *scanner) crawl(ctx context.Context, urls []string) (Pass, error) {
	pass := Pass{Name: PassNoChoice}
	b, err := startBrowser(ctx, s.o)
	if err != nil {
		return pass, err
	}
	defer b.cancel()
	seen := map[string]bool{}
	var queue []*Page
	for _, u := range urls {
		n := normalize(u)
		if !seen[n] {
			seen[n] = true
			queue = append(queue, &Page{URL: n, site: hostOf(n)})
		}
	}
	acc := newAccumulator(s, &pass)
	for i := 0; i < len(queue); i++ {
		p := queue[i]
		fmt.Fprintf(s.o.Progress, "scan: %s %d/%d %s\n", PassNoChoice, i+1, len(queue), p.URL)
		p.Error = b.load(p.URL, p.site, p)
		v := Visit{URL: p.URL, Error: p.Error}
		if p.Error == "" {
			st, err := b.state()
			if err != nil {
				p.Error = "the page did not answer: " + err.Error()
				v.Error = p.Error
			} else {
				p.scanOK, p.Charte = true, st.Charte
				if !st.Charte {
					p.Notes = "no Charte on this page"
					if why := b.embedFailure(); why != "" {
						p.Notes += ": " + why
					}
				}
				acc.page(b, p.URL, st)
				if p.Depth < s.o.MaxDepth {
					for _, l := range st.Links {
						n := normalize(l)
						if n == "" || seen[n] || !sameSite(hostOf(n), p.site) || len(queue) >= s.o.MaxPages {
							continue
						}
						seen[n] = true
						queue = append(queue, &Page{URL: n, Depth: p.Depth + 1, Parent: p.URL, site: p.site})
					}
				}
			}
		}
		if p.Error != "" {
			fmt.Fprintf(s.o.Progress, "scan:   %s\n", p.Error)
		}
		pass.Pages = append(pass.Pages, v)
		s.r.Pages = append(s.r.Pages, *p)
	}
	if ctx.Err() != nil {
		return pass, ctx.Err()
	}
	return pass, nil
}

// choicePass visits the scanned pages in a fresh profile, making the
// choice through window.charte on the first page of each site that has it,
// then viewing that page again with the choice in force.
func (s *scanner) choicePass(ctx context.Context, name, method string) (Pass, error) {
	pass := Pass{Name: name}
	b, err := startBrowser(ctx, s.o)
	if err != nil {
		return pass, err
	}
	defer b.cancel()
	acc := newAccumulator(s, &pass)
	var pages []*Page
	for i := range s.r.Pages {
		if s.r.Pages[i].scanOK {
			pages = append(pages, &s.r.Pages[i])
		}
	}
	for i, p := range pages {
		fmt.Fprintf(s.o.Progress, "scan: %s %d/%d %s\n", name, i+1, len(pages), p.URL)
		var scratch Page
		v := Visit{URL: p.URL, Error: b.load(p.URL, p.site, &scratch)}
		if v.Error == "" && p.Charte {
			res, err := b.choose(method)
			switch {
			case err != nil:
				v.Error = "the choice could not be made: " + err.Error()
			case res == "made":
				v.Choice = true
				b.settle()
				v.Error = b.load(p.URL, p.site, &scratch) // the page as it is with the choice
			}
		}
		if v.Error == "" {
			st, err := b.state()
			if err != nil {
				v.Error = "the page did not answer: " + err.Error()
			} else {
				acc.page(b, p.URL, st)
			}
		}
		if v.Error != "" {
			fmt.Fprintf(s.o.Progress, "scan:   %s\n", v.Error)
		}
		pass.Pages = append(pass.Pages, v)
	}
	if ctx.Err() != nil {
		return pass, ctx.Err()
	}
	return pass, nil
}

// normalize drops the fragment; "" for what is not an http(s) page.
func normalize(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	switch strings.ToLower(path.Ext(p.Path)) {
	case ".pdf", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp4", ".mp3", ".csv", ".xlsx", ".xls", ".doc", ".docx", ".odt", ".ods":
		return ""
	}
	p.Fragment, p.RawFragment = "", ""
	if p.Path == "" {
		p.Path = "/"
	}
	return p.String()
}

// accumulator lists what a pass saw, each thing on the first page it
// appeared.
type accumulator struct {
	s       *scanner
	pass    *Pass
	cookies map[string]bool
	storage map[string]bool
	hosts   map[string]bool
}

func newAccumulator(s *scanner, p *Pass) *accumulator {
	p.Cookies, p.Storage, p.Requests = []Cookie{}, []Storage{}, []Request{}
	return &accumulator{s: s, pass: p, cookies: map[string]bool{}, storage: map[string]bool{}, hosts: map[string]bool{}}
}

func (a *accumulator) page(b *browser, pageURL string, st pageState) {
	site := hostOf(pageURL)
	now := time.Now()
	cks, err := b.cookies()
	if err == nil {
		for _, c := range cks {
			key := c.Name + "|" + c.Domain + "|" + c.Path
			if a.cookies[key] {
				continue
			}
			a.cookies[key] = true
			third := !sameSite(c.Domain, site)
			ck := Cookie{Name: c.Name, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly,
				SameSite: string(c.SameSite), ThirdParty: third, Pass: a.pass.Name, Page: pageURL}
			if !c.Session && c.Expires > 0 {
				exp := time.Unix(int64(c.Expires), 0).UTC()
				s := exp.Format(time.RFC3339)
				ck.Expires = &s
				ck.Days = float64(int(exp.Sub(now).Hours()/24*100+0.5)) / 100
			}
			var asked float64
			ck.SetBy, ck.SetFrom, asked = b.origin(c.Name, c.Domain)
			if ck.Expires != nil && asked > ck.Days+1 { // the browser shortened it
				ck.Asked = float64(int(asked*100+0.5)) / 100
			}
			ck.Class = a.s.classify(c.Name, strings.TrimPrefix(c.Domain, "."), third)
			a.pass.Cookies = append(a.pass.Cookies, ck)
		}
		a.gone(st, pageURL, now)
	}
	for _, kind := range []struct {
		name string
		keys []string
	}{{"localStorage", st.Local}, {"sessionStorage", st.Session}} {
		sort.Strings(kind.keys)
		for _, k := range kind.keys {
			id := kind.name + "|" + st.Origin + "|" + k
			if a.storage[id] {
				continue
			}
			a.storage[id] = true
			a.pass.Storage = append(a.pass.Storage, Storage{Kind: kind.name, Key: k, Origin: st.Origin, Pass: a.pass.Name,
				Page: pageURL, Class: a.s.classify(k, site, false)})
		}
	}
	hosts := b.takeHosts()
	for _, h := range slices.Sorted(maps.Keys(hosts)) {
		if sameSite(h, site) || a.hosts[h] {
			continue
		}
		a.hosts[h] = true
		a.pass.Requests = append(a.pass.Requests, Request{Host: h, URL: hosts[h].url, Page: pageURL, Pass: a.pass.Name, Tracker: a.s.db.Tracker(h)})
	}
}

// gone adds the cookies the page's scripts wrote during this view that
// the browser no longer holds: deleted again, by the page or by Charte's
// clean-up of a refused category, before the view was read. They were
// stored all the same, and a script may have sent them on meanwhile.
func (a *accumulator) gone(st pageState, pageURL string, now time.Time) {
	for _, w := range st.Written {
		c, err := http.ParseSetCookie(w.Name + "=x;" + w.Attrs)
		if w.Name == "" || err != nil || c.MaxAge < 0 || (!c.Expires.IsZero() && !c.Expires.After(now)) {
			continue // a deletion, or what the browser refuses to parse
		}
		domain := st.Host
		if c.Domain != "" {
			bare := strings.ToLower(strings.TrimPrefix(c.Domain, "."))
			if st.Host != bare && !strings.HasSuffix(st.Host, "."+bare) {
				continue // refused by the browser: not this page's domain
			}
			domain = "." + bare
		}
		if c.Secure && strings.HasPrefix(st.Origin, "http:") && st.Host != "localhost" && st.Host != "127.0.0.1" {
			continue // refused by the browser on an insecure page
		}
		p := c.Path
		if !strings.HasPrefix(p, "/") {
			p = "/" // RFC 6265's default path: the page's directory
			if i := strings.LastIndex(st.Path, "/"); i > 0 {
				p = st.Path[:i]
			}
		}
		key := c.Name + "|" + domain + "|" + p
		if a.cookies[key] {
			continue
		}
		a.cookies[key] = true
		ck := Cookie{Name: c.Name, Domain: domain, Path: p, Secure: c.Secure, HTTPOnly: false, Deleted: true,
			Pass: a.pass.Name, Page: pageURL, SetBy: "script", SetFrom: w.Src}
		switch c.SameSite {
		case http.SameSiteLaxMode:
			ck.SameSite = "Lax"
		case http.SameSiteStrictMode:
			ck.SameSite = "Strict"
		case http.SameSiteNoneMode:
			ck.SameSite = "None"
		}
		if days := askedDays(c, now); days > 0 {
			exp := now.Add(time.Duration(days * 24 * float64(time.Hour))).UTC().Format(time.RFC3339)
			ck.Expires = &exp
			ck.Days = float64(int(days*100+0.5)) / 100
		}
		ck.ThirdParty = !sameSite(domain, hostOf(pageURL))
		ck.Class = a.s.classify(c.Name, strings.TrimPrefix(domain, "."), ck.ThirdParty)
		a.pass.Cookies = append(a.pass.Cookies, ck)
	}
}
