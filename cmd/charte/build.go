package main

import (
	"fmt"
	"io"
)

func build(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "charte build: not available yet")
	return 1
}
