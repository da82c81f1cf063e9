// Package lazyre holds regular expressions compiled on first use. A
// package-level regexp.MustCompile runs at program start: in app.wasm that
// start is the visitor's wait, and most of Charte's expressions (config
// validation, prerendering) never run there.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled the first time it is used. Its
// zero value is not usable: set Src, as in
//
//	var idRe = &lazyre.Regexp{Src: `^[0-9a-f]{32}$`}
//
// which the compiler lays out as static data, with no code run at start.
type Regexp struct {
	Src  string
	once sync.Once
	re   *regexp.Regexp
}

// Re returns the compiled expression; it panics if Src does not compile,
// as regexp.MustCompile does.
func (r *Regexp) Re() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.Src) })
	return r.re
}

// MatchString reports whether s matches, as regexp.Regexp.MatchString.
func (r *Regexp) MatchString(s string) bool { return r.Re().MatchString(s) }

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Re().ReplaceAllString(src, repl)
}

// ReplaceAllStringFunc is regexp.Regexp.ReplaceAllStringFunc.
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Re().ReplaceAllStringFunc(src, repl)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Re().FindStringSubmatch(s) }

// FindAllString is regexp.Regexp.FindAllString.
func (r *Regexp) FindAllString(s string, n int) []string { return r.Re().FindAllString(s, n) }

// FindString is regexp.Regexp.FindString.
func (r *Regexp) FindString(s string) string { return r.Re().FindString(s) }
