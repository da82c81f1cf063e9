package server

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/charte/charte/web"
)

func TestCompactJS(t *testing.T) {
	in := "/* head\n   more */\n(function () {\n  // a note\n\n  var a = 1; // kept\n  /* one line */ var b = '/* not a comment */';\n})();\n"
	want := "(function () {\nvar a = 1; // kept\nvar b = '/* not a comment */';\n})();\n"
	if got := string(compactJS([]byte(in))); got != want {
		t.Errorf("compactJS:\n%s\nwant:\n%s", got, want)
	}
	out := embedSource()
	if !bytes.Contains(out, []byte("var C = /*CHARTE_CONFIG*/null;")) || len(out) > len(web.EmbedJS)*9/10 {
		t.Errorf("embed.js compacted from %d to %d bytes, or its config slot lost", len(web.EmbedJS), len(out))
	}
	// Still JavaScript, when node is there to tell.
	if node, err := exec.LookPath("node"); err == nil {
		cmd := exec.Command(node, "--check", "-")
		cmd.Stdin = strings.NewReader(string(out))
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("compacted embed.js does not parse: %v\n%s", err, b)
		}
	}
}
