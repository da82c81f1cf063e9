package inventory

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a config. Every value Charte writes in cookies_preferences
// must parse (consent's 2,048-byte bound): with at most MaxCategories ids
// of 32 characters the longest value is 1,137 bytes. Texts are bounded
// because every page view pays for them (embed.js, the banner).
const (
	MaxCategories  = 32
	MaxCookies     = 200      // rows of the charte's table
	MaxNames       = 50       // cookie names in one row
	MaxNameLen     = 128      // bytes of a cookie name or pattern
	MaxNamesBytes  = 16 << 10 // all names and patterns: embed.js carries them
	MaxShortText   = 200      // characters of a name, title, provider, service or duration
	MaxLongText    = 2000     // characters of a description or purpose
	MaxConfigBytes = 1 << 20
)

// textLimit is the longest text a field may hold, by the end of its path.
func textLimit(path string) int {
	if strings.Contains(path, ".description") || strings.Contains(path, ".purpose") {
		return MaxLongText
	}
	return MaxShortText
}

// checkChars reports a text that is too long, holds a control character
// or a bidirectional override (which can make a name read as another), or
// shows nothing (only spaces and invisible characters). An empty text is
// the caller's to report.
func (p *parser) checkChars(path, text string) {
	if text == "" {
		return
	}
	if n, limit := utf8.RuneCountInString(text), textLimit(path); n > limit {
		p.err(path, fmt.Sprintf("the text is %d characters long, more than %d", n, limit),
			fmt.Sprintf("shorten it to at most %d characters; details belong on the provider's own page (\"link\")", limit))
		return
	}
	for _, r := range text {
		switch {
		case r == utf8.RuneError:
			p.err(path, "the text is not valid UTF-8", "save the file as UTF-8")
			return
		case unicode.IsControl(r):
			p.err(path, fmt.Sprintf("the text holds the control character %U", r), "remove it; write the text on one line, without tabs")
			return
		case bidiControl(r):
			p.err(path, fmt.Sprintf("the text holds the bidirectional control %U, which can make it read as another", r), "remove it")
			return
		}
	}
	if !visible(text) {
		p.err(path, "the text holds only spaces or invisible characters", "write the text, or remove the field")
	}
}

// bidiControl reports the embeddings, overrides and isolates of Unicode's
// bidirectional algorithm.
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// visible reports whether text shows at least one character: not only
// spaces, format characters (zero-width space, joiners, marks, BOM) and
// the fillers that render as nothing.
func visible(text string) bool {
	for _, r := range text {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) && r >= 0xFE00 && r <= 0xFE0F {
			continue
		}
		switch r {
		case 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x2800, 0x3164, 0xFFA0:
			continue
		}
		return true
	}
	return false
}
