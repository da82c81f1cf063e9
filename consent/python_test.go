//go:build !(js && wasm)

package consent

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/internal/vectors"
)

// The README's Python reader agrees with Go on the values Go writes and on
// the shared cookie test vectors.
func TestPythonExample(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to check the README's back-end example (.ci/run installs it)")
	}
	src, err := os.ReadFile("../examples/python/charte_consent.py")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fn := string(src[strings.Index(string(src), "import re"):strings.Index(string(src), "\n\n# In a Django view")])
	if !strings.Contains(string(readme), fn) {
		t.Error("README.md does not show examples/python/charte_consent.py as it is")
	}

	// Each case: a Cookie header, a site and a time; Python answers with
	// the choice or null, all in one run.
	type pyCase struct {
		Cookie       string   `json:"cookie"`
		Revision     int      `json:"revision"`
		Categories   []string `json:"categories"`
		LifetimeDays int      `json:"lifetimeDays"`
		Now          int64    `json:"now"`
	}
	type want struct {
		name string
		ok   bool
		id   string // "new", or the id
		acc  []string
	}
	var cases []pyCase
	var wants []want
	s := site(t)
	at := now.Add(time.Hour)
	good := New(s, []string{"statistics"}, now)
	for _, v := range []string{good.Value(), New(s, nil, now).Value(), strings.Replace(good.Value(), "rev=1", "rev=2", 1),
		strings.Replace(good.Value(), "acc=necessary.statistics", "acc=necessary.statistics.ads", 1), good.Value()[:40], ""} {
		c, err := Decode(v, s, at)
		cases = append(cases, pyCase{CookieName + "=" + v, s.Revision, s.CategoryIDs(), s.LifetimeDays, at.Unix()})
		wants = append(wants, want{v, err == nil, c.ID, c.Accepted})
	}
	vs, err := vectors.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range vs.Groups {
		ids := g.SiteOf().CategoryIDs()
		for _, c := range g.Cases {
			cases = append(cases, pyCase{c.Cookie, g.Site.Revision, ids, g.Site.LifetimeDays, g.Now})
			wants = append(wants, want{g.Name + ": " + c.Name, c.Expect.OK, c.Expect.ID, c.Expect.Accepted})
		}
	}
	in, _ := json.Marshal(cases)
	script := string(src) + `
import json, sys
out = []
for c in json.load(sys.stdin):
    out.append(charte_consent(c["cookie"], c["revision"], c["categories"], c["lifetimeDays"], c["now"]))
print(json.dumps(out))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	var got []*struct {
		ID       string
		Accepted []string
	}
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(wants) {
		t.Fatalf("python answered %d results (%v):\n%s", len(got), err, out)
	}
	for i, w := range wants {
		g := got[i]
		switch {
		case (g != nil) != w.ok:
			t.Errorf("%s: Python says valid=%v, Go %v", w.name, g != nil, w.ok)
		case g == nil:
		case w.id == "new" && (!hexID.MatchString(g.ID) || strings.Contains(cases[i].Cookie, g.ID)):
			t.Errorf("%s: Python gives id %s, want a new one", w.name, g.ID)
		case w.id != "new" && g.ID != w.id:
			t.Errorf("%s: Python gives id %s, want %s", w.name, g.ID, w.id)
		case !slices.Equal(g.Accepted, w.acc):
			t.Errorf("%s: Python accepts %v, want %v", w.name, g.Accepted, w.acc)
		}
	}
}
