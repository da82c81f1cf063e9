package main

import (
	"fmt"
	"io"
)

func serve(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "charte serve: not available yet")
	return 1
}

func build(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "charte build: not available yet")
	return 1
}
