// Package headless starts Debian's Chromium for Charte's browser tests and
// benchmark: headless, a fresh profile, no background traffic (this
// machine's network stops at loopback), and *.charte.test mapped to
// loopback for the cookie-domain tests.
package headless

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/chromedp/chromedp"
)

// Path is the Chromium Charte starts: $CHROMIUM, else /usr/bin/chromium.
func Path() string {
	if exe := os.Getenv("CHROMIUM"); exe != "" {
		return exe
	}
	return "/usr/bin/chromium"
}

// Start launches Chromium ($CHROMIUM, else /usr/bin/chromium) and returns
// its first tab; cancel stops it and removes its profile. extra options
// come after the usual ones (charte scan's tests map more hosts).
func Start(extra ...chromedp.ExecAllocatorOption) (ctx context.Context, cancel context.CancelFunc, err error) {
	dir, err := os.MkdirTemp("", "charte-chromium-")
	if err != nil {
		return nil, nil, err
	}
	exe := Path()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("host-resolver-rules", "MAP *.charte.test 127.0.0.1"),
		chromedp.WindowSize(1100, 800),
	}
	opts = append(opts, extra...)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	// Chromium speaks a newer protocol than cdproto knows; the events it
	// cannot decode are not ones Charte reads.
	quiet := chromedp.WithErrorf(func(f string, a ...any) {
		if msg := fmt.Sprintf(f, a...); !strings.Contains(msg, "could not unmarshal event") {
			fmt.Fprintln(os.Stderr, msg)
		}
	})
	ctx, ccancel := chromedp.NewContext(actx, quiet)
	cancel = func() { ccancel(); acancel(); os.RemoveAll(dir) }
	if err := chromedp.Run(ctx); err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}
