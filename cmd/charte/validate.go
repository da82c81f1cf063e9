package main

import (
	"fmt"
	"io"

	"github.com/charte/charte/inventory"
)

// validate checks each file and prints a line per valid site.
func validate(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprintln(stderr, "usage: charte validate FILE...   (e.g. charte validate config/*.json)")
		return 2
	}
	status := 0
	for _, f := range inventory.Configs(files) {
		s, err := inventory.LoadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
			continue
		}
		ask := "banner shown"
		if !s.NeedsConsent() {
			ask = "no banner needed until the page gates a script"
		}
		fmt.Fprintf(stdout, "ok %s: %q %s, revision %d, %d categories, %d cookies, choice kept %d days, %s\n",
			f, s.Name, s.URL, s.Revision, len(s.Categories), len(s.Cookies), s.LifetimeDays, ask)
	}
	return status
}
