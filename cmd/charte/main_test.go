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
