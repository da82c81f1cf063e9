package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// short are limits small enough to watch them act; the bounds the tests
// wait for are far above them.
var short = limits{readHeader: 200 * time.Millisecond, read: 300 * time.Millisecond, write: 300 * time.Millisecond,
	idle: 300 * time.Millisecond, maxHeader: 4 << 10, maxBody: 1 << 10}

// roomy has the same size caps with time to spare: a test of a cap, or of
// one timeout, must not meet another timeout on a busy machine.
var roomy = limits{readHeader: time.Minute, read: time.Minute, write: time.Minute,
	idle: time.Minute, maxHeader: 4 << 10, maxBody: 1 << 10}

// start serves h with the limits on a loopback port.
func start(t *testing.T, h http.Handler, l limits) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(h, l)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes c before d.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

func TestServerLimits(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

	t.Run("idle keep-alive connection closed", func(t *testing.T) {
		l := roomy
		l.idle = short.idle // the request itself is not hurried
		c, err := net.Dial("tcp", start(t, ok, l))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%v %v", resp, err)
		}
		if !closedWithin(c, 20*time.Second) {
			t.Error("an idle keep-alive connection stays open")
		}
	})

	t.Run("trickled body cut off", func(t *testing.T) {
		c, err := net.Dial("tcp", start(t, ok, short))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprint(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
		closed := make(chan bool)
		go func() { closed <- closedWithin(c, 60*time.Second) }()
		for i := 0; i < 600; i++ { // a byte every 100 ms: a minute for the body
			if _, err := c.Write([]byte("x")); err != nil {
				break
			}
			select {
			case v := <-closed:
				if !v {
					t.Error("a trickled body keeps the connection")
				}
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
		t.Error("a trickled body keeps the connection for a minute")
	})

	t.Run("slow reader cut off", func(t *testing.T) {
		wrote := make(chan error, 1)
		big := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			chunk := make([]byte, 64<<10)
			for {
				if _, err := w.Write(chunk); err != nil {
					wrote <- err
					return
				}
			}
		})
		c, err := net.Dial("tcp", start(t, big, short))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		// The client reads nothing more: the server's writes must fail.
		select {
		case <-wrote:
		case <-time.After(60 * time.Second):
			t.Error("a client that does not read holds the server's writes for a minute")
		}
	})

	t.Run("header too large", func(t *testing.T) {
		addr := start(t, ok, roomy)
		req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
		req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("64 KB of headers: %d", resp.StatusCode)
		}
	})

	t.Run("body too large", func(t *testing.T) {
		read := make(chan error, 1)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, err := io.ReadAll(r.Body)
			read <- err
		})
		addr := start(t, h, roomy)
		resp, err := http.Post("http://"+addr+"/", "text/plain", strings.NewReader(strings.Repeat("a", 4<<10)))
		if err == nil {
			resp.Body.Close()
		}
		var mbe *http.MaxBytesError
		if err := <-read; !errors.As(err, &mbe) {
			t.Errorf("a 4 KB body over a 1 KB cap was read: %v", err)
		}
	})
}

// The limits serve uses are set, and leave a slow link time for the wasm.
func TestServingLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), servingLimits)
	if srv.ReadTimeout == 0 || srv.WriteTimeout < 2*time.Minute || srv.IdleTimeout == 0 || srv.ReadHeaderTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("%+v", srv)
	}
}

// serve's logs quote site names, in text and JSON alike: a name cannot
// move the cursor or clear the operator's terminal.
func TestSiteLineQuotesName(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var b strings.Builder
		log, _ := newLogger(&b, format)
		log.Info("site loaded", "site", "exemple.fr", "name", "Ex\x1b[2J\x1b]0;owned\x07emple \"é\"")
		if strings.ContainsAny(b.String(), "\x1b\x07") || !strings.Contains(b.String(), `emple \"é\"`) {
			t.Errorf("%s: %q", format, b.String())
		}
	}
}
