// Package server turns site configs into Charte's URL tree: embed.js,
// inventory.json, the policy pages, the loader and the wasm. charte serve
// answers it over HTTP, with the demo host pages besides; charte build
// writes it as files. Both use the same Tree.
package server
