package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// firefox is Debian's firefox-esr over WebDriver BiDi.
type firefox struct {
	cmd  *exec.Cmd
	conn interface {
		Write([]byte) (int, error)
		Close() error
	}
	mu      sync.Mutex
	next    int
	pending map[int]chan bidiReply
	writeMu sync.Mutex
	tab     string // the browsing context
	dead    chan struct{}
}

type bidiReply struct {
	Type    string          `json:"type"` // success or error
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// The profile: no update, telemetry or captive-portal checks, nothing
// off loopback.
const firefoxPrefs = `user_pref("app.update.auto", false);
user_pref("app.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("remote.prefs.recommended", true);
`

func startFirefox(t *testing.T) engine {
	exe, err := exec.LookPath("firefox-esr")
	if err != nil {
		needEngine(t, "Firefox (Debian's firefox-esr)", err)
	}
	prof := t.TempDir()
	if err := os.WriteFile(filepath.Join(prof, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "--headless", "--no-remote", "--profile", prof, "--remote-debugging-port", "0")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		needEngine(t, "Firefox", err)
	}
	f := &firefox{cmd: cmd, pending: map[int]chan bidiReply{}, dead: make(chan struct{})}
	t.Cleanup(func() { f.close() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := bidiListening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("firefox: no WebDriver BiDi address within a minute")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, _, err := ws.Dial(ctx, addr+"/session")
	if err != nil {
		t.Fatalf("firefox: %v", err)
	}
	f.conn = conn
	go func() {
		defer close(f.dead)
		for {
			b, err := wsutil.ReadServerText(conn)
			if err != nil {
				return
			}
			var r bidiReply
			if json.Unmarshal(b, &r) != nil || r.ID == 0 {
				continue // an event
			}
			f.mu.Lock()
			ch := f.pending[r.ID]
			delete(f.pending, r.ID)
			f.mu.Unlock()
			if ch != nil {
				ch <- r
			}
		}
	}()
	if _, err := f.send("session.new", map[string]any{"capabilities": map[string]any{}}); err != nil {
		t.Fatalf("firefox: session.new: %v", err)
	}
	tree, err := f.send("browsingContext.getTree", map[string]any{})
	if err != nil {
		t.Fatalf("firefox: %v", err)
	}
	var tr struct{ Contexts []struct{ Context string } }
	if json.Unmarshal(tree, &tr) != nil || len(tr.Contexts) == 0 {
		t.Fatalf("firefox: no tab in %s", tree)
	}
	f.tab = tr.Contexts[0].Context
	if _, err := f.send("browsingContext.setViewport", map[string]any{"context": f.tab, "viewport": map[string]int{"width": 1100, "height": 800}}); err != nil {
		t.Fatalf("firefox: %v", err)
	}
	return f
}

// send makes one BiDi command and waits for its reply.
func (f *firefox) send(method string, params any) (json.RawMessage, error) {
	f.mu.Lock()
	f.next++
	id := f.next
	ch := make(chan bidiReply, 1)
	f.pending[id] = ch
	f.mu.Unlock()
	b, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	f.writeMu.Lock()
	err := wsutil.WriteClientText(f.conn, b)
	f.writeMu.Unlock()
	if err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		if r.Type == "error" {
			return nil, fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		return r.Result, nil
	case <-f.dead:
		return nil, errors.New("firefox closed the session")
	case <-time.After(patience):
		return nil, fmt.Errorf("%s: no reply in %s", method, patience)
	}
}

func (f *firefox) name() string { return "firefox" }

func (f *firefox) open(url string) error {
	_, err := f.send("browsingContext.navigate", map[string]any{"context": f.tab, "url": url, "wait": "complete"})
	return err
}

func (f *firefox) eval(expr string, out any) error {
	res, err := f.send("script.evaluate", map[string]any{
		"expression":   `(async () => { const v = await (` + expr + `); return v === undefined ? 'null' : JSON.stringify(v); })()`,
		"target":       map[string]string{"context": f.tab},
		"awaitPromise": true,
	})
	if err != nil {
		return err
	}
	var r struct {
		Type   string
		Result struct {
			Type  string
			Value json.RawMessage
		}
		ExceptionDetails struct{ Text string }
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return err
	}
	if r.Type == "exception" {
		return errors.New(r.ExceptionDetails.Text)
	}
	var s string
	if err := json.Unmarshal(r.Result.Value, &s); err != nil {
		return fmt.Errorf("not a string: %s", res)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(s), out)
}

func (f *firefox) click(x, y float64) error {
	_, err := f.send("input.performActions", map[string]any{"context": f.tab, "actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []any{
			map[string]any{"type": "pointerMove", "x": int(math.Round(x)), "y": int(math.Round(y)), "origin": "viewport"},
			map[string]any{"type": "pointerDown", "button": 0},
			map[string]any{"type": "pointerUp", "button": 0},
		},
	}}})
	return err
}

func (f *firefox) clearCookies() error {
	_, err := f.send("storage.deleteCookies", map[string]any{})
	return err
}

func (f *firefox) close() error {
	if f.conn != nil {
		f.send("session.end", map[string]any{})
		f.conn.Close()
	}
	if f.cmd.Process != nil {
		f.cmd.Process.Kill()
		f.cmd.Wait()
	}
	return nil
}
