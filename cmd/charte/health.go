package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// health asks a running serve whether it is ready: the container image
// has no curl, so its HEALTHCHECK runs charte itself.
func health(args []string, stdout, stderr io.Writer) int {
	fs := flags("health", stderr)
	u := fs.String("url", "http://"+localAddr(defaultAddr())+"/healthz", "serve's /healthz (default: at $CHARTE_ADDR, else 127.0.0.1:8080)")
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

// defaultAddr is where serve listens unless told: $CHARTE_ADDR (the
// container sets it), else loopback port 8080.
func defaultAddr() string {
	if a := os.Getenv("CHARTE_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:8080"
}

// localAddr is addr as this machine reaches it: an address on every
// interface (":8080", "0.0.0.0:8080") through loopback.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
