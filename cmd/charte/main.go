// Command charte checks site configs, serves the widget and policy pages,
// builds them as static files, and scans a live site against its inventory.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `charte: cookie consent for your sites, from a JSON inventory

Usage:
  charte validate FILE...              check site configs (config/<site>.json)
  charte serve [-addr 127.0.0.1:8080] [-config config/] [-db charte.db] [-log text|json]
                                       serve policy pages, embed.js and demo pages
  charte build [-config config/] [-out dist/] [-base URL]
                                       write the same URLs as static files
  charte proofs list|show|export ...   read the proofs of consent serve stored
  charte health [-url URL]             exit 0 when a running serve is ready (for HEALTHCHECK)
  charte scan [-config config/<site>.json] [-pages 20] [-depth 3] [-timeout 20s]
              [-json report.json] [-md report.md] [-suggest draft.json] URL...
                                       check a live site against its inventory, before
                                       and after each choice (headless Chromium)

Run "charte COMMAND -h" for a command's options.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// commands are charte's subcommands, each given its own arguments.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"validate": validate,
	"serve":    serve,
	"build":    build,
	"proofs":   proofsCmd,
	"health":   health,
	"scan":     scanCmd,
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[1:], stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "charte: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// flags is a subcommand's flag set: errors and -h go to stderr, and a
// bad flag returns from Parse (the command exits 2) instead of exiting.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
