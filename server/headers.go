package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/charte/charte/inventory"
)

// inlineScript finds a page's inline scripts: plain ones, and the gated
// text/plain ones embed.js runs as inline scripts once accepted.
var inlineScript = regexp.MustCompile(`(?s)<script(?: type="text/plain"[^>]*)?>(.*?)</script>`)

// scriptHashes allows exactly the page's own inline scripts, and no other.
func scriptHashes(page []byte) string {
	var b strings.Builder
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
	}
	return b.String()
}

// proofOrigin is the origin of the site's proof endpoint, which the
// widget posts to from Charte's pages too, or "".
func proofOrigin(s *inventory.Site) string {
	u, err := url.Parse(s.ProofEndpoint)
	if s.ProofEndpoint == "" || err != nil {
		return ""
	}
	return " " + u.Scheme + "://" + u.Host
}

// The Content-Security-Policy of Charte's pages: their own scripts and
// Charte's, the wasm ('wasm-unsafe-eval'), the widget's inline stylesheet
// in its shadow root, nothing from elsewhere but the proof endpoint, and
// never inside another site's frame.
const cspTail = "; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'"

// policyCSP is a policy page's: it also has a manifest and a worker.
func policyCSP(s *inventory.Site, page []byte) string {
	return "default-src 'none'; script-src 'self'" + scriptHashes(page) + " 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'" +
		proofOrigin(s) + "; manifest-src 'self'; worker-src 'self'" + cspTail
}

// demoCSP is a demo page's: its gated samples and the third-party frame.
func demoCSP(s *inventory.Site, page []byte, frame string) string {
	if u, err := url.Parse(frame); err == nil && u.Host != "" {
		frame = " " + u.Scheme + "://" + u.Host
	} else {
		frame = ""
	}
	return "default-src 'self'; script-src 'self'" + scriptHashes(page) + " 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'" +
		proofOrigin(s) + "; frame-src 'self'" + frame + cspTail
}

// metaCSP is csp as a page's <meta> may carry it: browsers ignore
// frame-ancestors there (and say so); headers carry it.
func metaCSP(csp string) string { return strings.TrimSuffix(csp, "; frame-ancestors 'none'") }

const indexCSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'" + cspTail

// pageHeaders marks a response as one of Charte's HTML pages: its
// Content-Security-Policy, no referrer sent from it, no framing. Pages
// are never read cross-origin, so they carry no CORS header.
func pageHeaders(w http.ResponseWriter, csp string) {
	h := w.Header()
	h.Del("Access-Control-Allow-Origin")
	h.Del("Cross-Origin-Resource-Policy")
	h.Set("Content-Security-Policy", csp)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// cors shares a file with every origin's pages: host pages read Charte's
// files cross-origin.
func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
	".json": "application/json", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".png": "image/png",
}

// contentType is the media type of a file of Charte's tree.
func contentType(name string) string {
	if t := contentTypes[path.Ext(name)]; t != "" {
		return t
	}
	return "application/octet-stream"
}

// EmbedCache is embed.js's Cache-Control. A returning view runs embed.js
// from the browser's cache at once, while the browser asks the server for
// a newer one for the next view: the script tag holds the page's first
// paint, and a round trip on a phone takes 150 ms or more. An edited
// config thus reaches a visitor one page view later; a first visit always
// gets the current one.
const EmbedCache = "max-age=0, stale-while-revalidate=604800"

// AdminCSP is the operator pages' policy: the policy page's, with no
// script at all, and forms that post only to Charte itself (log in, log
// out, look a consent id up).
const AdminCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

// PageHeaders sets the headers of Charte's HTML pages on a page served
// outside the tree (the operator pages).
func PageHeaders(w http.ResponseWriter, csp string) {
	pageHeaders(w, csp)
	w.Header().Set("X-Content-Type-Options", "nosniff")
}
