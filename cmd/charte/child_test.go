//go:build !(js && wasm)

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/internal/pgtest"
	"github.com/charte/charte/proofs"
)

// The test binary runs serve itself when CHARTE_TEST_CHILD is set, with a
// stand-in widget: the tests below start it as a real process.
func TestMain(m *testing.M) {
	if os.Getenv("CHARTE_TEST_CHILD") == "serve" {
		buildWidget = fakeWidget
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// proofsConfig is a config folder whose exemple.fr takes proofs.
func proofsConfig(t *testing.T) string {
	dir := t.TempDir()
	b, err := os.ReadFile("../../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("{"), []byte("{\n  \"proofs\": true,"), 1)
	os.WriteFile(filepath.Join(dir, "exemple.fr.json"), b, 0o644)
	return dir
}

type child struct {
	cmd  *exec.Cmd
	base string
	log  *syncBuffer
}

// startServe runs "charte serve args..." as a child process and waits for
// /healthz to say 200.
func startServe(t *testing.T, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "CHARTE_TEST_CHILD=serve")
	c := &child{cmd: cmd, log: &syncBuffer{}}
	cmd.Stderr = c.log
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if _, addr, ok := strings.Cut(line, "serving on "); ok && err == nil {
		c.base = strings.TrimSuffix(strings.Fields(addr)[0], "/")
	} else {
		t.Fatalf("serve said %q (%v); log:\n%s", line, err, c.log)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if res, err := http.Get(c.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return c
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never said 200; log:\n%s", c.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func postProof(client *http.Client, base string) (id string, code int, err error) {
	p := consent.Proof{
		Site: "exemple.fr", ID: consent.NewID(), Revision: 1, Time: time.Now().UTC().Format(time.RFC3339),
		Accepted: []string{"necessary"}, Refused: []string{"statistics", "first-party", "third-party"},
		URL: "https://exemple.fr/", Source: "api", Lang: "fr",
	}
	b, _ := json.Marshal(p)
	req, _ := http.NewRequest("POST", base+"/s/exemple.fr/proofs", bytes.NewReader(b))
	req.Header.Set("Origin", "https://exemple.fr")
	req.Header.Set("Content-Type", "text/plain")
	res, err := client.Do(req)
	if err != nil {
		return p.ID, 0, err
	}
	res.Body.Close()
	return p.ID, res.StatusCode, nil
}

// Killing the server (SIGKILL) in the middle of a burst loses no record it
// acknowledged with 204.
func TestKillDuringBurstLosesNoAcknowledgedRecord(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "proofs.db")
			if db == "postgres" {
				dsn = pgtest.DSN(t)
			}
			c := startServe(t, "-config", proofsConfig(t), "-db", dsn, "-proof-rate", "1000000", "-watch", "0")
			var mu sync.Mutex
			var acked []string
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var wg sync.WaitGroup
			client := &http.Client{Timeout: 10 * time.Second}
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						id, code, err := postProof(client, c.base)
						if err != nil {
							return // the server is gone
						}
						if code == 204 {
							mu.Lock()
							acked = append(acked, id)
							mu.Unlock()
						} else if code != 0 {
							t.Errorf("status %d", code)
							return
						}
					}
				}()
			}
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				mu.Lock()
				n := len(acked)
				mu.Unlock()
				if n >= 300 {
					break
				}
				if time.Now().After(deadline) || t.Failed() {
					t.Fatalf("only %d records acknowledged; log:\n%s", n, c.log)
				}
			}
			c.cmd.Process.Signal(syscall.SIGKILL) // while the posters go on
			c.cmd.Wait()
			cancel()
			wg.Wait()

			s, err := proofs.Open(dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stored := map[string]bool{}
			if err := s.List(context.Background(), proofs.Filter{Site: "exemple.fr"}, func(r proofs.Record) error {
				stored[r.ConsentID] = true
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			lost := 0
			for _, id := range acked {
				if !stored[id] {
					lost++
				}
			}
			if lost > 0 {
				t.Errorf("%d of %d acknowledged records lost", lost, len(acked))
			}
			t.Logf("%d acknowledged, %d stored (the rest were in flight)", len(acked), len(stored))
		})
	}
}

// SIGHUP reloads the configs; the database down gives 503 and the widget
// files are still served.
func TestServeProcess(t *testing.T) {
	dir := proofsConfig(t)
	// A PostgreSQL that is not there: serve starts all the same.
	c := startServe(t, "-config", dir, "-db", "postgres://charte@127.0.0.1:1/none?connect_timeout=2", "-watch", "0")
	_, code, err := postProof(http.DefaultClient, c.base)
	if err != nil || code != 503 {
		t.Errorf("database unreachable: %d %v", code, err)
	}
	if res, err := http.Get(c.base + "/s/exemple.fr/embed.js"); err != nil || res.StatusCode != 200 {
		t.Errorf("embed.js with the database down: %v %v", res, err)
	}

	file := filepath.Join(dir, "exemple.fr.json")
	b, _ := os.ReadFile(file)
	os.WriteFile(file, bytes.Replace(b, []byte(`"Exemple de portail"`), []byte(`"Après SIGHUP"`), 1), 0o644)
	c.cmd.Process.Signal(syscall.SIGHUP)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(c.base + "/s/exemple.fr/inventory.json")
		if err != nil {
			t.Fatal(err)
		}
		var inv struct{ Name string }
		json.NewDecoder(res.Body).Decode(&inv)
		res.Body.Close()
		if inv.Name == "Après SIGHUP" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SIGHUP did not reload (name %q); log:\n%s", inv.Name, c.log)
		}
	}
	if out, errs, code := charte(t, "health", "-url", c.base+"/healthz"); code != 0 || !strings.Contains(out, `"status":"ok"`) {
		t.Errorf("charte health: %d %s %s", code, out, errs)
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("SIGTERM: %v", err)
	}
	if _, errs, code := charte(t, "health", "-url", c.base+"/healthz"); code != 1 || errs == "" {
		t.Errorf("charte health of a stopped server: %d %s", code, errs)
	}
	log := c.log.String()
	if !strings.Contains(log, "config: reloading (SIGHUP)") || !strings.Contains(log, "proof database unavailable") {
		t.Errorf("log:\n%s", log)
	}
}

// With -watch, an edited config is served without a signal; a broken
// edit leaves the last good version serving.
func TestServeWatchesConfigs(t *testing.T) {
	dir := configDir(t)
	c := startServe(t, "-config", dir, "-watch", "100ms")
	file := filepath.Join(dir, "exemple.fr.json")
	good, _ := os.ReadFile(file)
	nameNow := func() string {
		res, err := http.Get(c.base + "/s/exemple.fr/inventory.json")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var inv struct{ Name string }
		json.NewDecoder(res.Body).Decode(&inv)
		return inv.Name
	}
	os.WriteFile(file, bytes.Replace(good, []byte(`"Exemple de portail"`), []byte(`"Vu au vol"`), 1), 0o644)
	for deadline := time.Now().Add(20 * time.Second); nameNow() != "Vu au vol"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the edit was not picked up; log:\n%s", c.log)
		}
	}
	os.WriteFile(file, []byte("{\n  \"name\": \"Cassé\",\n  \"url\": 42\n}\n"), 0o644)
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(c.log.String(), "exemple.fr.json:3:12: url: expected a string"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the broken edit was not reported at file:line:column; log:\n%s", c.log)
		}
	}
	if n := nameNow(); n != "Vu au vol" {
		t.Errorf("after a broken edit the site is %q, want the last good version", n)
	}
}
