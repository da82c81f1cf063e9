package ui

import (
	_ "embed"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// CSS is the widget's stylesheet, scoped by its shadow root.
//
//go:embed style.css
var CSS string

// Style renders the stylesheet; it is Charte's own constant, not inventory
// text, so it goes in raw.
func Style() app.UI { return app.Raw("<style>" + CSS + "</style>") }
