package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/scan"
)

// scanCmd crawls live pages in headless Chromium and checks them against
// a site's inventory. Exit 0: clean; 1: a violation or an undeclared
// cookie; 2: the scan could not run.
func scanCmd(args []string, stdout, stderr io.Writer) int {
	fs := flags("scan", stderr)
	config := fs.String("config", "", "the site's inventory, config/<site>.json (without it every cookie is undeclared)")
	pages := fs.Int("pages", 20, "pages to crawl in all")
	depth := fs.Int("depth", 3, "links to follow from each URL; 0: the URLs alone")
	timeout := fs.Duration("timeout", 20*time.Second, "per page")
	jsonOut := fs.String("json", "", "write the full report as JSON to this file")
	mdOut := fs.String("md", "", "write a Markdown report to this file")
	suggest := fs.String("suggest", "", "write a config draft with a row per undeclared cookie to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: charte scan [-config config/<site>.json] [-pages 20] [-depth 3] [-timeout 20s] [-json report.json] [-md report.md] [-suggest draft.json] URL...")
		fs.PrintDefaults()
	}
	// Flags may come before or after the URLs.
	var urls []string
	for rest := args; ; {
		if fs.Parse(rest) != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		urls = append(urls, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(urls) == 0 {
		fs.Usage()
		return 2
	}
	if *depth <= 0 {
		*depth = -1 // the URLs given, no link followed
	}
	o := scan.Options{MaxPages: *pages, MaxDepth: *depth, PageTimeout: *timeout, Progress: stderr, Config: *config}
	var original []byte
	if *config != "" {
		site, err := inventory.LoadFile(*config)
		if err != nil {
			fmt.Fprintln(stderr, err)
			fmt.Fprintln(stderr, "charte scan: the config must validate first (charte validate)")
			return 2
		}
		o.Site = site
		original, _ = os.ReadFile(*config)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := scan.Run(ctx, urls, o)
	if err != nil {
		if errors.Is(err, scan.ErrNoChromium) {
			fmt.Fprintln(stderr, err)
		} else {
			fmt.Fprintln(stderr, "charte scan:", err)
		}
		return 2
	}
	r.WriteText(stdout)
	status := r.Summary.Exit
	write := func(path string, f func(io.Writer) error) {
		if path == "" {
			return
		}
		file, err := os.Create(path)
		if err == nil {
			err = f(file)
			if cerr := file.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "charte scan:", err)
			status = 2
			return
		}
		fmt.Fprintln(stderr, "charte scan: wrote", path)
	}
	write(*jsonOut, r.WriteJSON)
	write(*mdOut, func(w io.Writer) error { r.WriteMarkdown(w); return nil })
	write(*suggest, func(w io.Writer) error {
		draft, err := r.Suggest(o.Site, original)
		if err != nil {
			return err
		}
		if _, err := inventory.Load(*suggest, draft); err != nil {
			return fmt.Errorf("the draft does not validate (please report it): %v", err)
		}
		_, err = w.Write(draft)
		return err
	})
	return status
}
