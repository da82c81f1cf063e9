package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// build writes the URL tree of every site as static files. Unlike serve,
// it stops at the first broken config: a deploy must not drop a site.
func build(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("config", "config/", "folder of site configs")
	out := fs.String("out", "dist/", "output folder")
	base := fs.String("base", "", "URL the output will be served from, for the snippets of index.html (e.g. https://consent.example)")
	if fs.Parse(args) != nil {
		return 2
	}
	if *base != "" {
		if u, err := url.Parse(*base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fmt.Fprintf(stderr, "charte build: -base %q is not an http(s) URL\n", *base)
			return 2
		}
	}
	sites, errs := inventory.LoadDir(*dir)
	for _, err := range errs {
		fmt.Fprintln(stderr, err)
	}
	if len(errs) > 0 {
		fmt.Fprintf(stderr, "charte build: %d broken site config(s) in %s: nothing written\n", len(errs), *dir)
		return 1
	}
	if len(sites) == 0 {
		fmt.Fprintf(stderr, "charte build: no site config in %s\n", *dir)
		return 1
	}
	wasm, loader, err := widget(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "charte build:", err)
		return 1
	}
	tree := server.Build(sites, wasm, loader, *base)
	if err := server.WriteDir(*out, tree); err != nil {
		fmt.Fprintln(stderr, "charte build:", err)
		return 1
	}
	files, total := listAssets(stdout, tree)
	fmt.Fprintf(stdout, "charte: wrote %d files (%d bytes) for %d sites to %s\n", files, total, len(sites), filepath.Clean(*out))
	for _, s := range sites {
		fmt.Fprintf(stdout, "  %s: <script src=\"%s/s/%s/embed.js\"></script>\n", s.ID, strings.TrimSuffix(*base, "/"), s.ID)
	}
	return 0
}

// listAssets prints the sizes of the shared assets the tree holds, and
// counts its files and their bytes.
func listAssets(stdout io.Writer, tree fs.FS) (files int, total int64) {
	fs.WalkDir(tree, ".", func(n string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, _ := e.Info()
		files++
		total += info.Size()
		if strings.HasPrefix(n, "charte/app.") || strings.HasPrefix(n, "charte/loader.") {
			fmt.Fprintf(stdout, "  %-40s %9d bytes\n", n, info.Size())
		}
		return nil
	})
	return files, total
}
