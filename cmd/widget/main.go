//go:build js && wasm

// Command widget is Charte's WebAssembly client: the go-app components
// mounted by embed.js in a shadow root. It links no server code.
package main

import (
	"time"

	"github.com/charte/charte/app/browser"
	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/consent"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	browser.Mark("go-main") // the runtime and every package's init are done
	boot, err := browser.Load()
	if err != nil {
		app.Log("Charte:", err)
		return
	}
	site, err := boot.Site()
	if err != nil {
		app.Log("Charte: the inventory cannot be read:", err)
		return
	}
	browser.Mark("inventory")
	w := &ui.Widget{
		Site:       site,
		Lang:       boot.Lang,
		GPC:        boot.GPC,
		ShowBanner: boot.Banner,
		Modal:      boot.Modal,
		Current:    browser.Choice(site, boot.Current),
		// Read by Load: go-app replaces the prerendered banner as it starts.
		Focus:    boot.Focus,
		Keyboard: &browser.Keyboard{},
		Later:    browser.AfterPaint,
	}
	w.Save = func(accepted []string, source string) consent.Choice {
		c := consent.New(site, accepted, time.Now())
		boot.Save(site, c, source)
		return c
	}
	w.OnReady = func(ctx app.Context, w *ui.Widget) {
		browser.Mark("mounted") // go-app's first render is in the shadow root
		boot.Ready(
			func(modal string) { ctx.Dispatch(func(ctx app.Context) { w.Open(ctx, modal) }) },
			func(value string) {
				ctx.Dispatch(func(ctx app.Context) { w.Follow(browser.Choice(site, value)) })
			},
		)
	}
	// The widget renders whatever the host page's path is.
	app.RouteWithRegexp("^/.*", func() app.Composer { return w })
	app.RunWhenOnBrowser()
}
