package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// webkit is WebKitGTK's MiniBrowser under WebKitWebDriver (classic
// WebDriver), in a virtual X display.
type webkit struct {
	cmd     *exec.Cmd
	base    string // the session's URL
	client  *http.Client
	started bool
}

const miniBrowser = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"

func startWebKit(t *testing.T) engine {
	driver, err := exec.LookPath("WebKitWebDriver")
	if err == nil {
		_, err = exec.LookPath("xvfb-run")
	}
	if err == nil {
		_, err = exec.LookPath(miniBrowser)
	}
	if err != nil {
		needEngine(t, "WebKitGTK (Debian's webkit2gtk-driver and xvfb)", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", driver, "--host=127.0.0.1", "--port="+strconv.Itoa(port))
	ownGroup(cmd) // xvfb-run's Xvfb goes with it
	if err := cmd.Start(); err != nil {
		needEngine(t, "WebKitWebDriver", err)
	}
	w := &webkit{cmd: cmd, client: &http.Client{Timeout: patience}}
	t.Cleanup(func() { w.close() })
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var st struct{ Ready bool }
		if w.do("GET", root+"/status", nil, &st) == nil && st.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("webkit: WebKitWebDriver not ready within a minute")
		}
	}
	var s struct{ SessionID string }
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"webkitgtk:browserOptions": map[string]any{"binary": miniBrowser, "args": []string{"--automation"}},
	}}}
	if err := w.do("POST", root+"/session", caps, &s); err != nil || s.SessionID == "" {
		t.Fatalf("webkit: new session: %v", err)
	}
	w.base, w.started = root+"/session/"+s.SessionID, true
	if err := w.do("POST", w.base+"/window/rect", map[string]int{"width": 1100, "height": 800}, nil); err != nil {
		t.Logf("webkit: window size: %v", err)
	}
	return w
}

// do makes one WebDriver request; value is decoded into out.
func (w *webkit) do(method, url string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var reply struct {
		Value json.RawMessage
	}
	b, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(b, &reply); err != nil {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, b)
	}
	if res.StatusCode != 200 {
		var e struct{ Error, Message string }
		json.Unmarshal(reply.Value, &e)
		return fmt.Errorf("%s: %s", e.Error, e.Message)
	}
	if out != nil {
		return json.Unmarshal(reply.Value, out)
	}
	return nil
}

func (w *webkit) name() string { return "webkit" }

func (w *webkit) open(url string) error {
	return w.do("POST", w.base+"/url", map[string]string{"url": url}, nil)
}

func (w *webkit) eval(expr string, out any) error {
	var v struct {
		OK   bool
		JSON string
		Err  string
	}
	script := `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (` + expr + `)).then(
  (v) => done({OK: true, JSON: v === undefined ? 'null' : JSON.stringify(v)}),
  (e) => done({OK: false, Err: String(e)}));`
	if err := w.do("POST", w.base+"/execute/async", map[string]any{"script": script, "args": []any{}}, &v); err != nil {
		return err
	}
	if !v.OK {
		return errors.New(v.Err)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(v.JSON), out)
}

func (w *webkit) click(x, y float64) error {
	err := w.do("POST", w.base+"/actions", map[string]any{"actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []any{
			map[string]any{"type": "pointerMove", "x": int(math.Round(x)), "y": int(math.Round(y)), "origin": "viewport", "duration": 0},
			map[string]any{"type": "pointerDown", "button": 0},
			map[string]any{"type": "pointerUp", "button": 0},
		},
	}}}, nil)
	w.do("DELETE", w.base+"/actions", nil, nil)
	return err
}

// clearCookies deletes the cookies the current page can see: the host's,
// where Charte keeps the choice.
func (w *webkit) clearCookies() error {
	return w.do("DELETE", w.base+"/cookie", nil, nil)
}

func (w *webkit) close() error {
	if w.started {
		w.started = false
		w.do("DELETE", w.base, nil, nil)
	}
	if w.cmd.Process != nil {
		signalGroup(w.cmd, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { w.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			signalGroup(w.cmd, syscall.SIGKILL)
			<-done
		}
	}
	return nil
}
