package inventory

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The schema serves editors; it must agree with the Go checks on what it can
// express.
func TestSchemaAgrees(t *testing.T) {
	sch, err := jsonschema.NewCompiler().Compile("../config/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	check := func(name, src string) error {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return sch.Validate(inst)
	}
	files, _ := filepath.Glob("../config/*.json")
	for _, f := range files {
		if filepath.Base(f) == "schema.json" {
			continue
		}
		src, _ := readFile(f)
		if err := check(f, src); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
	}
	if err := check("base", base); err != nil {
		t.Errorf("base config does not match the schema: %v", err)
	}
	bad := map[string][2]string{
		"unknown field":           {`"revision": 2`, `"revison": 2`},
		"missing French":          {`{ "fr": "Mesure", "en": "Analytics" }`, `{ "en": "Analytics" }`},
		"cookie without category": {`, "category": "necessary" }`, ` }`},
		"necessary not required":  {`"id": "necessary", "required": true`, `"id": "necessary", "required": false`},
		"necessary missing":       {`{ "id": "necessary", "required": true },`, ``},
		"lifetime over 13 months": {`"revision": 2,`, `"revision": 2, "lifetimeDays": 400,`},
		"link not http(s)":        {`"https://matomo.org/privacy"`, `"javascript:alert(1)"`},
		"link with a quote":       {`"https://matomo.org/privacy"`, `"https://matomo.org/\"><img src=x>"`},
		"site name too long":      {`"Exemple",`, `"` + strings.Repeat("e", 201) + `",`},
		"provider too long":       {`"provider": "Matomo"`, `"provider": "` + strings.Repeat("m", 201) + `"`},
		"empty site name":         {`"Exemple",`, `"  ",`},
		"own category untitled":   {`, "title": { "fr": "Vidéos", "en": "Videos" }`, ``},
	}
	for name, r := range bad {
		src := strings.Replace(base, r[0], r[1], 1)
		if src == base {
			t.Fatalf("%s: case does not change the config", name)
		}
		if check(name, src) == nil {
			t.Errorf("schema accepts a config with %s", name)
		}
		if _, err := Load("config/x.json", []byte(src)); err == nil {
			t.Errorf("Load accepts a config with %s", name)
		}
	}
}
