package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	var out, errb bytes.Buffer
	files, _ := filepath.Glob("../../config/*.json")
	if code := run(append([]string{"validate"}, files...), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\nok ") + 1; n != len(files)-1 || !strings.Contains(out.String(), `"Hérault Data"`) {
		t.Errorf("want a line per site config:\n%s", out.String())
	}

	bad := filepath.Join(t.TempDir(), "bad.org.json")
	os.WriteFile(bad, []byte("{\n  \"name\": \"x\",\n  \"url\": \"https://bad.org\",\n  \"lifetimeDays\": 500\n}\n"), 0o644)
	out.Reset()
	errb.Reset()
	if code := run([]string{"validate", bad, files[0]}, &out, &errb); code != 1 {
		t.Errorf("exit %d for a broken config", code)
	}
	if !strings.Contains(errb.String(), "bad.org.json:4:19: lifetimeDays: 500 days is more than 13 months") {
		t.Errorf("stderr: %s", errb.String())
	}
}

func TestUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "charte validate FILE") {
		t.Errorf("exit %d, usage %q", code, errb.String())
	}
}

// A theme whose text would be hard to read is refused, with its place
// and the ratio found.
func TestValidateContrast(t *testing.T) {
	var out, errb bytes.Buffer
	bad := filepath.Join(t.TempDir(), "dim.org.json")
	os.WriteFile(bad, []byte("{\n  \"name\": \"x\",\n  \"url\": \"https://dim.org\",\n  \"theme\": { \"accent\": \"#1a4fa3\", \"accentText\": \"#3a5f9f\" }\n}\n"), 0o644)
	if code := run([]string{"validate", bad}, &out, &errb); code != 1 {
		t.Errorf("exit %d for a low-contrast theme", code)
	}
	if want := "dim.org.json:4:49: theme.accentText: the buttons' text on the accent (#3a5f9f on #1a4fa3) has a contrast of 1.23:1, below the 4.5:1 of WCAG AA"; !strings.Contains(errb.String(), want) {
		t.Errorf("stderr %q lacks %q", errb.String(), want)
	}
}
