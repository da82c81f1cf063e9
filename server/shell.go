package server

import (
	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
)

// shellFiles are a site's first-visit banners by file name:
// shell.<lang>.html, and shell.<lang>.gpc.html with the note shown under
// Global Privacy Control. embed.js fetches one only when it must ask, so
// returning visitors do not download them.
func shellFiles(s *inventory.Site) map[string][]byte {
	out := map[string][]byte{}
	for _, lang := range s.Languages {
		out["shell."+lang+".html"] = []byte(ui.Shell(s, lang, false))
		out["shell."+lang+".gpc.html"] = []byte(ui.Shell(s, lang, true))
	}
	return out
}
