package main

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// health asks a running serve whether it is ready: the container image
// has no curl, so its HEALTHCHECK runs charte itself.
func health(args []string, stdout, stderr io.Writer) int {
	fs := flags("health", stderr)
	u := fs.String("url", "http://127.0.0.1:8080/healthz", "serve's /healthz")
	if fs.Parse(args) != nil {
		return 2
	}
	c := &http.Client{Timeout: 5 * time.Second}
	res, err := c.Get(*u)
	if err != nil {
		fmt.Fprintln(stderr, "charte health:", err)
		return 1
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "charte health: %s: %s", res.Status, body)
		return 1
	}
	stdout.Write(body)
	return 0
}
