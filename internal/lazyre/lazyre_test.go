package lazyre

import (
	"strings"
	"testing"
)

var word = &Regexp{Src: `\b(\w)(\w*)`}

func TestCompiledOnFirstUse(t *testing.T) {
	if word.re != nil {
		t.Fatal("compiled before use")
	}
	if !word.MatchString("charte") || word.MatchString("  ") {
		t.Error("MatchString")
	}
	if got := word.ReplaceAllString("a bc", "$2$1"); got != "a cb" {
		t.Errorf("ReplaceAllString: %q", got)
	}
	if got := word.ReplaceAllStringFunc("a bc", strings.ToUpper); got != "A BC" {
		t.Errorf("ReplaceAllStringFunc: %q", got)
	}
	if m := word.FindStringSubmatch("xyz"); len(m) != 3 || m[1] != "x" || m[2] != "yz" {
		t.Errorf("FindStringSubmatch: %q", m)
	}
	if got := word.FindString("  bc d"); got != "bc" {
		t.Errorf("FindString: %q", got)
	}
	if got := word.FindAllString("a bc d", -1); strings.Join(got, ",") != "a,bc,d" {
		t.Errorf("FindAllString: %q", got)
	}
}

func TestBadSourcePanicsOnUse(t *testing.T) {
	bad := &Regexp{Src: `(`}
	defer func() {
		if recover() == nil {
			t.Error("no panic for an invalid expression")
		}
	}()
	bad.MatchString("x")
}
