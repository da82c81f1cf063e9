// Package goappclient gives the browser build go-app as the browser needs
// it: the pinned module's own source, with its HTTP server taken out.
//
// go-app keeps its Handler (and a resource helper wrapping
// http.FileServer) in files with no build constraint, so every client
// links net/http, and with it crypto/tls, x509 and the elliptic curves:
// about 440 KB of brotli-compressed app.wasm that no browser runs. The
// wasm build reads, through go build's -modfile, a copy of go-app's
// packages made from the module cache at build time, with every
// declaration that reaches net/http cut. go.mod, the version it pins and
// the server build stay as they are, and no copy enters Charte's tree.
package goappclient

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Module is go-app's module path; go.mod pins its version.
const Module = "github.com/maxence-charriere/go-app/v10"

// serverOnly is the import whose users the browser build drops.
const serverOnly = "net/http"

// Modfile readies the browser build of pkg (e.g. ./cmd/widget) in root:
// a copy of the packages of go-app's module that it compiles, with net/http
// cut from them, under root's .bin (named by a hash of its content, so
// builds that run at once share it and never see it half written), and in
// tmp a go.mod with its go.sum: root's own plus a replace of go-app by the
// copy. It returns that go.mod's path, for go build's -modfile flag. The
// replace is relative to root, so the build stays reproducible from any
// checkout. goTool is the go command.
func Modfile(goTool, root, pkg, tmp string) (string, error) {
	pkgs, err := listPackages(goTool, root, pkg)
	if err != nil {
		return "", err
	}
	if len(pkgs) == 0 {
		return "", fmt.Errorf("%s does not import %s", pkg, Module)
	}
	files := map[string][]byte{}
	for _, p := range pkgs {
		src := map[string][]byte{}
		for _, f := range p.GoFiles {
			if src[f], err = os.ReadFile(filepath.Join(p.Dir, f)); err != nil {
				return "", err
			}
		}
		cut, err := Strip(src)
		if err != nil {
			return "", err
		}
		maps.Copy(src, cut)
		rel, _ := filepath.Rel(p.Module.Dir, p.Dir)
		for f, b := range src {
			files[filepath.Join(rel, f)] = b
		}
	}
	if files["go.mod"], err = os.ReadFile(filepath.Join(pkgs[0].Module.Dir, "go.mod")); err != nil {
		return "", err
	}
	copyRel := filepath.Join(".bin", "go-app-client-"+contentHash(files))
	if err := writeOnce(filepath.Join(root, copyRel), files); err != nil {
		return "", err
	}

	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	mod = fmt.Appendf(mod, "\nreplace %s => ./%s\n", Module, filepath.ToSlash(copyRel))
	modfile := filepath.Join(tmp, "client.mod")
	if err := os.WriteFile(modfile, mod, 0o644); err != nil {
		return "", err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", err
	}
	return modfile, os.WriteFile(filepath.Join(tmp, "client.sum"), sum, 0o644)
}

func contentHash(files map[string][]byte) string {
	h := sha256.New()
	for _, f := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(files[f]))
		h.Write(files[f])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// writeOnce makes dir with files in it, unless it exists: it is written
// beside and renamed into place, whole.
func writeOnce(dir string, files map[string][]byte) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for f, b := range files {
		p := filepath.Join(tmp, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // written meanwhile by another build
		}
		return err
	}
	return nil
}

type listed struct {
	Dir     string
	GoFiles []string
	Module  *struct{ Path, Dir string }
}

// listPackages lists the packages of go-app's module that a GOOS=js build
// of pkg compiles, with the files it compiles of each.
func listPackages(goTool, root, pkg string) ([]listed, error) {
	cmd := exec.Command(goTool, "list", "-deps", "-json=Dir,GoFiles,Module", pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v\n%s", pkg, err, stderr.Bytes())
	}
	var pkgs []listed
	for d := json.NewDecoder(bytes.NewReader(out)); d.More(); {
		var p listed
		if err := d.Decode(&p); err != nil {
			return nil, err
		}
		if p.Module != nil && p.Module.Path == Module {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs, nil
}

// Strip takes a package's files (name to source) and returns the files it
// changed: every top-level declaration that uses net/http is cut, then
// every declaration that uses a name so cut (a method of a removed type, a
// function taking one), until nothing more goes; imports left unused are
// cut last. The rest of each file stays byte for byte.
func Strip(src map[string][]byte) (map[string][]byte, error) {
	fset := token.NewFileSet()
	var all []*unit
	byFile := map[string][]*unit{}
	parsed := map[string]*ast.File{}
	for name, b := range src {
		f, err := parser.ParseFile(fset, name, b, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed[name] = f
		httpName := importName(f, serverOnly)
		for _, d := range f.Decls {
			for _, u := range units(d) {
				u.file = name
				u.uses = uses(u.node)
				u.http = httpName != "" && u.uses[httpName+"."]
				all = append(all, u)
				byFile[name] = append(byFile[name], u)
			}
		}
	}

	gone := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, u := range all {
			if u.cut {
				continue
			}
			if u.http || usesAny(u.uses, gone) {
				u.cut, changed = true, true
				for _, n := range u.names {
					gone[n] = true
					// A type goes with any of its methods: its other
					// methods may call the one cut.
					if t, _, ok := strings.Cut(n, "."); ok {
						gone[t] = true
					}
				}
			}
		}
	}

	out := map[string][]byte{}
	for name, us := range byFile {
		var cuts []span
		for _, u := range us {
			if u.cut {
				cuts = append(cuts, u.span(fset))
			}
		}
		if len(cuts) == 0 {
			continue
		}
		b := cutSpans(src[name], cuts)
		b, err := dropUnusedImports(name, b)
		if err != nil {
			return nil, err
		}
		if out[name], err = format.Source(b); err != nil {
			return nil, fmt.Errorf("%s after cutting: %w", name, err)
		}
	}
	return out, nil
}

// unit is a top-level declaration, or one spec of a grouped one.
type unit struct {
	file  string
	node  ast.Node
	doc   *ast.CommentGroup
	names []string // what it declares; methods as Type.Method
	uses  map[string]bool
	http  bool
	cut   bool
}

type span struct{ from, to int }

func (u *unit) span(fset *token.FileSet) span {
	from := u.node.Pos()
	if u.doc != nil {
		from = u.doc.Pos()
	}
	return span{fset.Position(from).Offset, fset.Position(u.node.End()).Offset}
}

func units(d ast.Decl) []*unit {
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := d.Name.Name
		if d.Recv != nil {
			name = recvType(d.Recv.List[0].Type) + "." + name
		}
		return []*unit{{node: d, doc: d.Doc, names: []string{name}}}
	case *ast.GenDecl:
		if d.Tok == token.IMPORT {
			return nil
		}
		// A lone spec is cut with its keyword; specs of a group one by one.
		if !d.Lparen.IsValid() {
			return []*unit{{node: d, doc: d.Doc, names: specNames(d.Specs[0])}}
		}
		var us []*unit
		for _, s := range d.Specs {
			us = append(us, &unit{node: s, doc: specDoc(s), names: specNames(s)})
		}
		return us
	}
	return nil
}

func recvType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func specNames(s ast.Spec) []string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []string{s.Name.Name}
	case *ast.ValueSpec:
		var ns []string
		for _, n := range s.Names {
			ns = append(ns, n.Name)
		}
		return ns
	}
	return nil
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}

// uses lists the identifiers a declaration mentions: plain names, and
// "pkg." for a package qualifier. Field and method names after a dot are
// not names of the package's and are left out.
func uses(n ast.Node) map[string]bool {
	u := map[string]bool{}
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				u[x.Name+"."] = true
				u[x.Name] = true
			} else {
				ast.Inspect(n.X, visit)
			}
			return false
		case *ast.Ident:
			u[n.Name] = true
		}
		return true
	}
	ast.Inspect(n, visit)
	return u
}

// usesAny reports whether a declaration mentions a cut name; a method
// goes with its receiver's type.
func usesAny(u map[string]bool, gone map[string]bool) bool {
	for n := range gone {
		if strings.Contains(n, ".") {
			continue // a method is reached through a value, not by name
		}
		if u[n] {
			return true
		}
	}
	return false
}

func importName(f *ast.File, path string) string {
	for _, im := range f.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == path {
			if im.Name != nil {
				return im.Name.Name
			}
			return filepath.Base(path)
		}
	}
	return ""
}

func cutSpans(b []byte, cuts []span) []byte {
	slices.SortFunc(cuts, func(a, b span) int { return a.from - b.from })
	var out bytes.Buffer
	at := 0
	for _, c := range cuts {
		out.Write(b[at:c.from])
		at = c.to
	}
	out.Write(b[at:])
	return out.Bytes()
}

// dropUnusedImports cuts the imports nothing in the file names any more.
func dropUnusedImports(name string, b []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, b, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%s after cutting: %w", name, err)
	}
	used := map[string]bool{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		for n := range uses(d) {
			used[n] = true
		}
	}
	var cuts []span
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, s := range g.Specs {
			im := s.(*ast.ImportSpec)
			p, _ := strconv.Unquote(im.Path.Value)
			n := importName(f, p)
			if n == "_" || n == "." || used[n+"."] {
				continue
			}
			// import "x" alone goes with its keyword.
			var node ast.Node = im
			if !g.Lparen.IsValid() {
				node = g
			}
			cuts = append(cuts, span{fset.Position(node.Pos()).Offset, fset.Position(node.End()).Offset})
		}
	}
	return cutSpans(b, cuts), nil
}
