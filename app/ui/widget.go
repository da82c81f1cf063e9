// Package ui holds Charte's go-app components: the banner, the charte and
// the preferences. They render state, hand choices to the page through
// Widget.Save and move focus through Widget.Keyboard: nothing here calls
// the DOM (app/browser does).
package ui

import (
	"fmt"
	"slices"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Modal names a dialog the widget can show.
const (
	NoModal     = ""
	PolicyModal = "charte"
	PrefsModal  = "prefs"
)

// Widget is the root component mounted in the page.
type Widget struct {
	app.Compo

	Site       *inventory.Site
	Lang       string
	GPC        bool            // the browser sent Global Privacy Control
	Current    *consent.Choice // the visitor's valid choice, if any
	ShowBanner bool            // ask: no valid choice and something to consent to
	Modal      string          // dialog open at first render
	// Focus is the control of the banner that gets focus as the widget
	// mounts: n > 0 is the nth of the banner and its buttons (the one that
	// had it in the prerendered banner the widget replaces), 0 leaves focus
	// where it is.
	Focus int

	// Save records, writes and applies a choice, given on the banner or in
	// the preferences (source); nil where nothing is stored (the
	// prerendered page).
	Save func(accepted []string, source string) consent.Choice
	// OnReady hands the component's context to the page glue.
	OnReady func(ctx app.Context, w *Widget)
	// Keyboard moves focus in the page; nil where there is none to move.
	Keyboard Keyboard
	// Later runs f once the browser has painted a frame: an opened
	// dialog's first frame leaves out the cookie tables of its closed
	// <details>, drawn right after. nil (the server's prerender) draws
	// everything at once.
	Later func(f func())

	toggles map[string]bool // the preferences' switches
	rest    bool            // the tables are drawn
}

// full reports whether the dialog's tables are drawn.
func (w *Widget) full() bool { return w.Later == nil || w.rest }

// drawRestLater has the dialog's first frame drawn without its tables,
// and the tables in the next.
func (w *Widget) drawRestLater(ctx app.Context) {
	if w.Later == nil {
		return
	}
	w.rest = false
	w.Later(func() { ctx.Dispatch(func(ctx app.Context) { w.rest = true }) })
}

// OnMount runs once in the browser.
func (w *Widget) OnMount(ctx app.Context) {
	w.resetToggles()
	// Focus first: the glue may open a dialog as soon as OnReady, and the
	// dialog gives focus back to what had it.
	if n := w.Focus; w.ShowBanner && w.Modal == NoModal && n > 0 {
		if n == 1 {
			w.keys().Remember()
		}
		w.keys().Focus(bannerFocusable, n)
	}
	if w.Modal != NoModal {
		w.drawRestLater(ctx)
	}
	if w.OnReady != nil {
		w.OnReady(ctx, w)
	}
}

// bannerFocusable is what embed.js counts to tell Focus.
const bannerFocusable = ".charte-banner, .charte-banner button"

// resetToggles sets the switches from the current choice, or all off (no
// pre-ticked box), necessary on.
func (w *Widget) resetToggles() {
	w.toggles = map[string]bool{}
	for _, c := range w.Site.Categories {
		w.toggles[c.ID] = c.Required || (w.Current != nil && w.Current.Allows(c.ID))
	}
}

// Open shows a dialog; the glue calls it for data-charte="open" and
// charte.show().
func (w *Widget) Open(ctx app.Context, modal string) {
	if w.Modal == NoModal {
		w.keys().Remember()
	}
	w.resetToggles()
	w.Modal = modal
	w.drawRestLater(ctx)
	ctx.Defer(func(ctx app.Context) { w.keys().Focus("[aria-modal=true]", 1) })
}

func (w *Widget) closeModal(ctx app.Context) {
	w.Modal = NoModal
	ctx.Defer(func(ctx app.Context) {
		if !w.keys().Restore() && w.ShowBanner {
			w.keys().Focus(".charte-banner", 1)
		}
	})
}

func (w *Widget) choose(ctx app.Context, accepted []string) {
	if w.Save == nil {
		return
	}
	source := "banner"
	if w.Modal == PrefsModal {
		source = "preferences"
	}
	c := w.Save(accepted, source)
	w.Current = &c
	w.ShowBanner = false
	w.Modal = NoModal
	w.resetToggles()
	w.keys().Restore()
}

func (w *Widget) acceptAll(ctx app.Context, e app.Event) { w.choose(ctx, w.Site.CategoryIDs()) }
func (w *Widget) rejectAll(ctx app.Context, e app.Event) { w.choose(ctx, nil) }

func (w *Widget) saveToggles(ctx app.Context, e app.Event) {
	var ids []string
	for _, id := range w.Site.CategoryIDs() {
		if w.toggles[id] {
			ids = append(ids, id)
		}
	}
	w.choose(ctx, ids)
}

func (w *Widget) openPolicy(ctx app.Context, e app.Event) { w.Open(ctx, PolicyModal) }
func (w *Widget) openPrefs(ctx app.Context, e app.Event)  { w.Open(ctx, PrefsModal) }

// onKey keeps Tab inside an open dialog and closes it on Escape. The banner
// is not modal: Escape leaves it, as it must be answered.
func (w *Widget) onKey(ctx app.Context, e app.Event) {
	if w.Modal == NoModal {
		return
	}
	switch e.Get("key").String() {
	case "Escape":
		e.PreventDefault()
		w.closeModal(ctx)
	case "Tab":
		if w.keys().Trap(e.Get("shiftKey").Bool()) {
			e.PreventDefault()
		}
	}
}

// Render draws the banner, and the open dialog if any.
func (w *Widget) Render() app.UI {
	t := wordsFor(w.Lang)
	return app.Div().Class(rootClass(w.Site)).Lang(w.Lang).OnKeyDown(w.onKey).Body(
		Style(), Palette(w.Site),
		app.If(w.ShowBanner, func() app.UI { return w.banner(t) }),
		app.If(w.Modal != NoModal, func() app.UI { return w.dialog(t) }),
	)
}

// banner is the first-visit question. Its buttons carry data-charte-action
// so that embed.js can act on a click made on the prerendered Shell before
// the wasm takes over.
func (w *Widget) banner(t *words) app.UI {
	return app.Section().Class("charte-banner").TabIndex(-1).
		Attr("role", "region").Aria("labelledby", "charte-banner-title").Aria("describedby", "charte-banner-text").
		Body(
			app.H2().ID("charte-banner-title").Text(t.bannerTitle),
			app.P().ID("charte-banner-text").Body(
				app.Text(fmt.Sprintf(t.bannerText, w.Site.Name)+" "),
				app.Button().Type("button").Class("charte-link").DataSet("charte-action", PolicyModal).Text(t.readPolicy).OnClick(w.openPolicy),
			),
			app.If(w.GPC, func() app.UI { return app.P().Class("charte-gpc").Text(t.gpcNote) }),
			app.Div().Class("charte-actions").Body(
				app.Button().Type("button").Class("charte-btn").DataSet("charte-action", "reject").Text(t.rejectAll).OnClick(w.rejectAll),
				app.Button().Type("button").Class("charte-btn").DataSet("charte-action", PrefsModal).Text(t.customize).OnClick(w.openPrefs),
				app.Button().Type("button").Class("charte-btn").DataSet("charte-action", "accept").Text(t.acceptAll).OnClick(w.acceptAll),
			),
			app.Button().Type("button").Class("charte-close").DataSet("charte-action", "reject").Aria("label", t.closeRefuse).Title(t.closeRefuse).
				Text("×").OnClick(w.rejectAll),
		)
}

func (w *Widget) dialog(t *words) app.UI {
	title, body := policy.TitleIn(w.Lang), w.policyBody()
	if w.Modal == PrefsModal {
		title, body = t.prefsTitle, w.prefsBody(t)
	}
	return app.Div().Class("charte-backdrop").Body(
		app.Div().Class("charte-dialog").Attr("role", "dialog").Aria("modal", "true").
			Aria("labelledby", "charte-dialog-title").TabIndex(-1).Body(
			app.Div().Class("charte-dialog-head").Body(
				app.H2().ID("charte-dialog-title").Text(title),
				app.Button().Type("button").Class("charte-close").Aria("label", t.close).Title(t.close).
					Text("×").OnClick(func(ctx app.Context, e app.Event) { w.closeModal(ctx) }),
			),
			app.Div().Class("charte-dialog-body").Body(body),
			app.If(w.Modal == PrefsModal || w.ShowBanner, func() app.UI {
				return app.Div().Class("charte-actions").Body(
					app.Button().Type("button").Class("charte-btn").Text(t.rejectAll).OnClick(w.rejectAll),
					app.If(w.Modal == PrefsModal, func() app.UI {
						return app.Button().Type("button").Class("charte-btn").Text(t.save).OnClick(w.saveToggles)
					}).Else(func() app.UI {
						return app.Button().Type("button").Class("charte-btn").Text(t.customize).OnClick(w.openPrefs)
					}),
					app.Button().Type("button").Class("charte-btn").Text(t.acceptAll).OnClick(w.acceptAll),
				)
			}),
		),
	)
}

func (w *Widget) policyBody() app.UI {
	return &Policy{Site: w.Site, Lang: w.Lang, Level: 3}
}

func (w *Widget) prefsBody(t *words) app.UI {
	cats := slices.Clone(w.Site.Categories)
	return app.Div().Body(
		app.P().Text(t.prefsIntro),
		app.If(w.GPC, func() app.UI { return app.P().Class("charte-gpc").Text(t.gpcNote) }),
		app.Range(cats).Slice(func(i int) app.UI {
			c := cats[i]
			return w.category(t, c)
		}),
		app.If(w.Current != nil, func() app.UI {
			return app.P().Class("charte-proof").Body(
				app.Text(t.consentID), app.Code().Text(w.Current.ID), app.Br(),
				app.Text(t.yourChoice+w.Current.Time.Local().Format("2006-01-02 15:04")),
			)
		}),
	)
}

func (w *Widget) category(t *words, c inventory.Category) app.UI {
	id := "charte-cat-" + c.ID
	on := w.toggles[c.ID]
	state := t.off
	if c.Required {
		state = t.alwaysOn
	} else if on {
		state = t.on
	}
	rows := cookieRows(w.Site, c.ID, w.Lang)
	toggle := app.Button().Type("button").Class("charte-switch").Attr("role", "switch").
		Aria("checked", fmt.Sprint(on)).Aria("labelledby", id).Aria("describedby", id+"-state").
		DataSet("category", c.ID).
		OnClick(func(ctx app.Context, e app.Event) { w.toggles[c.ID] = !w.toggles[c.ID] }).
		Body(app.Span().Class("charte-knob"))
	if c.Required {
		// Set only when true: go-app prerenders disabled="false" as disabled.
		toggle = toggle.Disabled(true)
	}
	return app.Div().Class("charte-cat").Body(
		app.Div().Class("charte-cat-head").Body(
			app.H3().ID(id).Text(c.Title.Get(w.Lang)),
			toggle,
			app.Span().ID(id+"-state").Class("charte-state").Text(state),
		),
		app.P().Text(c.Description.Get(w.Lang)),
		app.If(rows != nil, func() app.UI {
			return app.Details().Body(
				app.Summary().Text(fmt.Sprintf(t.showCookies, len(w.Site.CookiesIn(c.ID)))),
				app.If(w.full(), func() app.UI { return rows }),
			)
		}),
	)
}

// Follow takes in a choice made outside the widget (the JS API, another
// tab): the banner goes, the switches follow.
func (w *Widget) Follow(c *consent.Choice) {
	if c == nil {
		return
	}
	w.Current = c
	w.ShowBanner = false
	w.resetToggles()
}
