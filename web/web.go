// Package web holds the files Charte serves as they are or as templates:
// the embed script, the loader, the service worker, the demo page and the icons.
package web

import (
	"embed"
	_ "embed"
)

// Embed holds embed.js as ES modules under embed/, main.js their entry:
// the server bundles them into the one script a site adds.
//
//go:embed embed
var Embed embed.FS

// Loader holds the widget loader as ES modules under loader/, main.js
// their entry: the server bundles them with Go's wasm_exec.js inside.
//
//go:embed loader
var Loader embed.FS

// WorkerJS is the policy page's service worker template.
//
//go:embed sw.js
var WorkerJS []byte

//go:embed demo.html
var DemoHTML string

//go:embed static
var Static embed.FS
