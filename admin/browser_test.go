package admin

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
)

// In headless Chromium: the operator logs in on http://127.0.0.1 (a
// trustworthy origin, where Chromium keeps a Secure cookie), reads the
// chart's figures, logs out and is refused the page after.
func TestBrowser(t *testing.T) {
	e := newEnv(t)
	ctx, cancel, err := headless.Start()
	if err != nil {
		t.Fatalf("Chromium: %v", err)
	}
	defer cancel()
	ctx, stop := contextTimeout(ctx, 90*time.Second)
	defer stop()

	site := e.srv.URL + "/admin/s/exemple.fr/"
	var denied, sites, choices, rates, after string
	err = chromedp.Run(ctx,
		chromedp.Navigate(site),
		chromedp.Text("h1", &denied),
		chromedp.Navigate(e.srv.URL+"/admin/login"),
		chromedp.SendKeys("#token", token, chromedp.ByID),
		chromedp.Click("#login", chromedp.ByID),
		chromedp.WaitVisible(`a[href="/admin/s/exemple.fr/"]`),
		chromedp.Text("body", &sites),
		chromedp.Click(`a[href="/admin/s/exemple.fr/"]`),
		chromedp.WaitVisible("#choices"),
		chromedp.Text("#choices", &choices, chromedp.ByID),
		chromedp.Text("#rates", &rates, chromedp.ByID),
		chromedp.Click(`form[action="/admin/logout"] button`),
		chromedp.WaitVisible("#token", chromedp.ByID),
		chromedp.Navigate(site),
		chromedp.Text("h1", &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(denied, "Login required") {
		t.Errorf("before login: %q", denied)
	}
	if !strings.Contains(sites, "exemple.fr") {
		t.Errorf("sites after login: %q", sites)
	}
	if !strings.Contains(choices, "total") || !strings.Contains(choices, "10 · 60.0% · 20.0% · 20.0%") {
		t.Errorf("choices chart: %q", choices)
	}
	if !strings.Contains(rates, "statistics") || !strings.Contains(rates, "80.0% (8 / 10)") {
		t.Errorf("rates chart: %q", rates)
	}
	if !strings.Contains(after, "Login required") || strings.Contains(after, "Exemple") {
		t.Errorf("after logout: %q", after)
	}
}
