package server

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// minifiedOnce is Charte's own script src minified for target, made on
// first use.
func minifiedOnce(src []byte, target api.Target) func() []byte {
	return madeOnce(func() ([]byte, error) { return minifyJS(src, target) })
}

// madeOnce is one of Charte's own scripts, made on first use. Its source
// ships with Charte and its tests build it, so a failure is a bug of
// Charte's, not of a site.
func madeOnce(build func() ([]byte, error)) func() []byte {
	return sync.OnceValue(func() []byte {
		out, err := build()
		if err != nil {
			panic(err)
		}
		return out
	})
}

// minifyJS shortens one of Charte's scripts: whitespace, comments, local
// names, syntax. target is the oldest JavaScript the output must run on.
func minifyJS(src []byte, target api.Target) ([]byte, error) {
	return buildJS(api.BuildOptions{
		Stdin: &api.StdinOptions{Contents: string(src), Loader: api.LoaderJS},
	}, target)
}

// bundleJS makes one classic script of the ES module entry and what it
// imports, all read from fsys (the files embedded in the binary, so a
// release build needs no source tree), minified as minifyJS does.
func bundleJS(fsys fs.FS, entry string, target api.Target) ([]byte, error) {
	return buildJS(api.BuildOptions{
		EntryPoints: []string{entry},
		Bundle:      true,
		Format:      api.FormatIIFE,
		Platform:    api.PlatformBrowser,
		// Modules are strict: so is the script they make.
		Banner:  map[string]string{"js": `"use strict";`},
		Plugins: []api.Plugin{fsPlugin(fsys)},
	}, target)
}

// buildJS runs esbuild with o, minifying for target, and returns the one
// script it makes, or its errors each with file, line and column.
func buildJS(o api.BuildOptions, target api.Target) ([]byte, error) {
	o.Target = target
	o.MinifyWhitespace, o.MinifyIdentifiers, o.MinifySyntax = true, true, true
	o.LegalComments = api.LegalCommentsNone
	o.Charset = api.CharsetUTF8
	r := api.Build(o)
	if len(r.Errors) > 0 {
		var msgs []string
		for _, m := range r.Errors {
			pos := ""
			if l := m.Location; l != nil {
				pos = fmt.Sprintf("%d:%d: ", l.Line, l.Column)
				if l.File != "" && l.File != "<stdin>" {
					pos = l.File + ":" + pos
				}
			}
			msgs = append(msgs, pos+m.Text)
		}
		return nil, fmt.Errorf("building JavaScript: %s", strings.Join(msgs, "; "))
	}
	if len(r.OutputFiles) != 1 {
		return nil, fmt.Errorf("building JavaScript gave %d files, want 1", len(r.OutputFiles))
	}
	return r.OutputFiles[0].Contents, nil
}

// filled is an fs.FS whose files have slot replaced by with, as esbuild
// reads them (fs.ReadFile).
type filled struct {
	fs.FS
	slot, with []byte
}

func (f filled) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(f.FS, name)
	return bytes.Replace(b, f.slot, f.with, 1), err
}

// fsPlugin has esbuild read every module from fsys: paths are relative
// to the importing module, as in a browser.
func fsPlugin(fsys fs.FS) api.Plugin {
	return api.Plugin{Name: "fs", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			p := a.Path
			if a.Importer != "" {
				p = path.Join(path.Dir(a.Importer), p)
			}
			return api.OnResolveResult{Path: p, Namespace: "fs"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "fs"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			src, err := fs.ReadFile(fsys, a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(src)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
		})
	}}
}
