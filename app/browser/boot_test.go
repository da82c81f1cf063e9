package browser

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// mapObject is a hand-over as a Go map: a string, bool, float64 or func
// value is of the JavaScript kind of that name.
type mapObject struct {
	m     map[string]any
	calls []string
}

func (o *mapObject) keys() []string {
	var ks []string
	for k := range o.m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func (o *mapObject) get(key string) (any, Kind) {
	switch v := o.m[key].(type) {
	case nil:
		return nil, Missing
	case string:
		return v, String
	case bool:
		return v, Boolean
	case float64:
		return v, Number
	case func():
		return nil, Function
	default:
		return nil, "object"
	}
}

func (o *mapObject) call(key string, args ...any) { o.calls = append(o.calls, key) }

func handOver() map[string]any {
	return map[string]any{
		"inventory": `{"categories":[{"id":"necessary"}]}`, "lang": "fr", "modal": "prefs",
		"gpc": true, "banner": false, "current": "v=1", "focus": 2.0,
		"saved": func() {}, "ready": func() {},
	}
}

func TestDecode(t *testing.T) {
	o := &mapObject{m: handOver()}
	b, err := decode(o)
	if err != nil {
		t.Fatal(err)
	}
	want := Boot{Inventory: `{"categories":[{"id":"necessary"}]}`, Lang: "fr", Modal: "prefs", GPC: true, Current: "v=1", Focus: 2, obj: o}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("decoded %+v, want %+v", b, want)
	}
	if s, err := b.Site(); err != nil || s.Categories[0].ID != "necessary" {
		t.Errorf("Site: %+v, %v", s, err)
	}
	b.obj.call("saved")
	if !slices.Equal(o.calls, []string{"saved"}) {
		t.Errorf("calls %v", o.calls)
	}
}

// The keys Keys lists are the ones decode needs, each once.
func TestKeys(t *testing.T) {
	var names []string
	for _, k := range Keys() {
		names = append(names, k.Name)
	}
	got := slices.Sorted(slices.Values(names))
	want := (&mapObject{m: handOver()}).keys()
	if !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, a full hand-over has %v", got, want)
	}
}

// A key missing, of another kind or unknown is an error that names it,
// never a zero value or "<undefined>".
func TestDecodeRejects(t *testing.T) {
	for _, c := range []struct {
		edit func(m map[string]any)
		want []string
	}{
		{func(m map[string]any) { delete(m, "lang") }, []string{"lang is missing"}},
		{func(m map[string]any) { delete(m, "ready") }, []string{"ready is missing"}},
		{func(m map[string]any) { m["gpc"] = "true" }, []string{"gpc is of type string, not boolean"}},
		{func(m map[string]any) { m["focus"] = map[string]any{} }, []string{"focus is of type object, not number"}},
		{func(m map[string]any) { m["saved"] = "saved" }, []string{"saved is of type string, not function"}},
		{func(m map[string]any) { m["config"] = true }, []string{"config is unknown"}},
		{func(m map[string]any) { m["gpx"] = m["gpc"]; delete(m, "gpc") }, []string{"gpc is missing", "gpx is unknown"}},
	} {
		m := handOver()
		c.edit(m)
		b, err := decode(&mapObject{m: m})
		if err == nil {
			t.Errorf("%v: decoded %+v, want an error", c.want, b)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not say %q", err, w)
			}
		}
	}
}

func TestSiteRejects(t *testing.T) {
	for _, inv := range []string{`{`, `{"categories":[]}`} {
		if s, err := (Boot{Inventory: inv}).Site(); err == nil {
			t.Errorf("%s gave %+v", inv, s)
		}
	}
}
