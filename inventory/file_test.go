package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A config that cannot be read is named, with the cause and a fix.
func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	os.Symlink(filepath.Join(dir, "gone.json"), filepath.Join(dir, "dangling.org.json"))
	os.Mkdir(filepath.Join(dir, "folder.org.json"), 0o755)
	os.WriteFile(filepath.Join(dir, "big.org.json"), make([]byte, MaxConfigBytes+1), 0o644)
	cases := map[string]string{
		"missing.org.json":  "missing.org.json: no such file; check the name",
		"dangling.org.json": `dangling.org.json: the file is a link to "` + filepath.Join(dir, "gone.json") + `", which does not exist; point the link`,
		"folder.org.json":   "folder.org.json: this is a folder, not a file; give a config file",
		"big.org.json":      "big.org.json: the file is 1048577 bytes, more than 1048576",
	}
	for name, want := range cases {
		_, err := LoadFile(filepath.Join(dir, name))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), dir) {
			t.Errorf("%s: %v\nwant %q", name, err, want)
		}
	}
	// LoadDir reports them and goes on.
	os.WriteFile(filepath.Join(dir, "good.org.json"), []byte(base), 0o644)
	sites, errs := LoadDir(dir)
	if len(sites) != 1 || len(errs) != 3 {
		t.Errorf("LoadDir: %d sites, errors %v", len(sites), errs)
	}
}

// Errors escape what a terminal would obey, wherever it comes from: the
// file name, a JSON key, a value.
func TestErrorEscapesControls(t *testing.T) {
	err := (&Error{File: "config/\x1b[2Jx.json", Line: 1, Col: 1, Path: "a\x07", Msg: "m\u202e"}).Error()
	if strings.ContainsAny(err, "\x1b\x07\u202e") || err != `config/\x1b[2Jx.json:1:1: a\a: m\u202e` {
		t.Errorf("%q", err)
	}
	_, lerr := Load("config/x.json", []byte("{\n  \"name\": \"X\", \"url\": \"https://x.org\", \"\\u001b]0;owned\\u0007\": 1\n}"))
	if lerr == nil || strings.ContainsAny(lerr.Error(), "\x1b\x07") || !strings.Contains(lerr.Error(), `x.json:2:40: \x1b]0;owned\a: unknown field "\x1b]0;owned\a"`) {
		t.Errorf("%q", lerr)
	}
}
