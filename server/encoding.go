package server

import (
	"net/http"
	"strings"
)

// encoding is the compression to send r: "br", else "gzip", else "" when
// the browser accepts neither. The answer varies with Accept-Encoding, as
// w's caches are told.
func encoding(w http.ResponseWriter, r *http.Request) string {
	w.Header().Set("Vary", "Accept-Encoding")
	ae := r.Header.Get("Accept-Encoding")
	switch {
	case acceptsEncoding(ae, "br"):
		return "br"
	case acceptsEncoding(ae, "gzip"):
		return "gzip"
	}
	return ""
}

// acceptsEncoding reads Accept-Encoding; q=0 refuses.
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		_, q, ok := strings.Cut(strings.ReplaceAll(params, " ", ""), "q=")
		return !ok || strings.Trim(q, "0.") != ""
	}
	return false
}
