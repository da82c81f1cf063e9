package web

import _ "embed"

// PlaceholderJS is the click-to-load placeholders' script template.
//
//go:embed placeholder.js
var PlaceholderJS []byte
