package consent

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The README's Python reader agrees with Go on valid and invalid values.
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
	s := site(t)
	good := New(s, []string{"statistics"}, now)
	values := []string{
		good.Value(),
		New(s, nil, now).Value(),
		strings.Replace(good.Value(), "rev=1", "rev=2", 1),
		strings.Replace(good.Value(), "acc=necessary.statistics", "acc=necessary.statistics.ads", 1),
		good.Value()[:40],
		"",
	}
	for _, v := range values {
		_, goErr := Decode(v, s, now.Add(time.Hour))
		script := string(src) + `
import sys
c = charte_consent(sys.argv[1], revision=1, categories=["necessary", "statistics", "first-party", "third-party"], now=int(sys.argv[2]))
print("none" if c is None else ".".join(c["accepted"]))
`
		out, err := exec.Command(py, "-c", script, v, strconv.FormatInt(now.Add(time.Hour).Unix(), 10)).CombinedOutput()
		if err != nil {
			t.Fatalf("python: %v\n%s", err, out)
		}
		pyValid := strings.TrimSpace(string(out)) != "none"
		if pyValid != (goErr == nil) {
			t.Errorf("%q: Python says valid=%v, Go says %v", v, pyValid, goErr)
		}
	}
}
