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

//go:embed loader.js
var LoaderJS []byte

// WorkerJS is the policy page's service worker template.
//
//go:embed sw.js
var WorkerJS []byte

//go:embed demo.html
var DemoHTML string

//go:embed static
var Static embed.FS
