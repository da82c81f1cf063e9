package server

import (
	"bytes"
	"sync"

	"github.com/charte/charte/web"
)

// embedSource is embed.js as sent: every returning page view downloads it,
// so its comments and indentation are left out (about 15 % after brotli).
var embedSource = sync.OnceValue(func() []byte { return compactJS(web.EmbedJS) })

// compactJS drops blank lines, indentation, comment lines (// …) and
// comments that start a line (/* … */, possibly over several lines). It
// suits Charte's own scripts, which hold no multi-line string or template
// literal; a comment inside a line of code stays.
func compactJS(src []byte) []byte {
	var out bytes.Buffer
	inComment := false
	for _, line := range bytes.Split(src, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if inComment {
			inComment = !bytes.Contains(line, []byte("*/"))
			continue
		}
		switch {
		case len(line) == 0, bytes.HasPrefix(line, []byte("//")):
			continue
		case bytes.HasPrefix(line, []byte("/*")):
			i := bytes.Index(line, []byte("*/"))
			if i < 0 {
				inComment = true
				continue
			}
			if line = bytes.TrimSpace(line[i+2:]); len(line) == 0 {
				continue
			}
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
