package ui

import (
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// HTML renders a component for the server (the policy page and the banner
// shown before the wasm runs). go-app's HTMLString escapes text but writes
// attribute values with Go quoting (strconv.Quote), which is not HTML: a
// value holding `">` would close the tag. HTML rewrites every start tag
// with its values HTML-escaped, ARIA attributes that go-app wrote bare
// (it prints "true" as a boolean attribute, which ARIA reads as empty)
// given their value, and the attributes sorted: go-app writes them in map
// order, and a build must give the same bytes each time.
func HTML(u app.UI) string {
	src := app.HTMLString(u)
	var b strings.Builder
	b.Grow(len(src) + len(src)/8)
	for i := 0; i < len(src); {
		// Text is escaped by go-app, so outside attribute values (which
		// startTag consumes) a '<' followed by a letter opens a tag.
		if src[i] == '<' && i+1 < len(src) && isLetter(src[i+1]) {
			n := startTag(&b, src[i:])
			if n < 0 {
				// Never emit what could not be read: it may be unsafe.
				panic("ui: unexpected markup from go-app near " + strconv.Quote(src[i:min(len(src), i+60)]))
			}
			i += n
			continue
		}
		b.WriteByte(src[i])
		i++
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

type attribute struct {
	name, value string
	bare        bool
}

// startTag reads one start tag as go-app writes it, <name( attr(="go
// quoted")?)*> or />, writes it to b as HTML, and returns its length in
// s, or -1 when s does not hold such a tag.
func startTag(b *strings.Builder, s string) int {
	i := 1
	for i < len(s) && (isLetter(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	name := s[1:i]
	var attrs []attribute
	for {
		switch {
		case i >= len(s):
			return -1
		case s[i] == '>':
			writeTag(b, name, attrs, ">")
			return i + 1
		case strings.HasPrefix(s[i:], "/>"):
			writeTag(b, name, attrs, "/>")
			return i + 2
		case s[i] != ' ':
			return -1
		}
		i++
		start := i
		for i < len(s) && !strings.ContainsRune(" =>/\"'<", rune(s[i])) {
			i++
		}
		if i == start {
			return -1
		}
		a := attribute{name: s[start:i], bare: true}
		if i < len(s) && s[i] == '=' {
			q, err := strconv.QuotedPrefix(s[i+1:])
			if err != nil {
				return -1
			}
			if a.value, err = strconv.Unquote(q); err != nil {
				return -1
			}
			a.bare = false
			i += 1 + len(q)
		}
		if a.bare && strings.HasPrefix(a.name, "aria-") {
			a.value, a.bare = "true", false
		}
		attrs = append(attrs, a)
	}
}

func writeTag(b *strings.Builder, name string, attrs []attribute, end string) {
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].name < attrs[j].name })
	b.WriteString("<" + name)
	for _, a := range attrs {
		b.WriteString(" " + a.name)
		if !a.bare {
			b.WriteString(`="` + escapeAttr(a.value) + `"`)
		}
	}
	b.WriteString(end)
}

// attrEscaper escapes what may end or alter a quoted attribute value, and
// line breaks, which Shell's indentation removal must not touch.
var attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&#34;", "'", "&#39;", "<", "&lt;", ">", "&gt;",
	"\n", "&#10;", "\r", "&#13;", "\t", "&#9;")

func escapeAttr(v string) string { return attrEscaper.Replace(v) }
