//go:build release

package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/server"
)

// The binary make release wrote runs serve, build and proofs from a folder
// outside the source tree, with no Go on PATH and no GOROOT, and serves
// the widget it embeds. make test runs it after make release.
func TestReleaseBinary(t *testing.T) {
	src, err := os.ReadFile("../../charte")
	if err != nil {
		t.Fatalf("no ./charte: run make release first (%v)", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "charte")
	os.WriteFile(bin, src, 0o755)
	cfg := proofsConfig(t)
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + dir}
	charteBin := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		return cmd
	}
	if out, err := exec.Command("sh", "-c", "PATH=/usr/bin:/bin command -v go || echo none").Output(); err != nil || strings.TrimSpace(string(out)) != "none" {
		t.Fatalf("go is on the test's PATH (%s): the check would prove nothing", out)
	}

	out, err := charteBin("build", "-config", cfg, "-out", "dist").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	w := server.NewWasm(releaseWasm, releaseWasmBr, releaseWasmGz)
	built, err := os.ReadFile(filepath.Join(dir, "dist", "charte", "app."+w.Hash+".wasm.br"))
	if err != nil || !bytes.Equal(built, releaseWasmBr) {
		t.Errorf("build did not write the embedded wasm: %v\n%s", err, out)
	}

	db := filepath.Join(dir, "proofs.db")
	cmd := charteBin("serve", "-addr", "127.0.0.1:0", "-config", cfg, "-db", db, "-log", "json")
	var logs syncBuffer
	cmd.Stderr = &logs
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	_, addr, ok := strings.Cut(line, "serving on ")
	if !ok {
		t.Fatalf("serve said %q\n%s", line, logs.String())
	}
	base := strings.TrimSuffix(strings.Fields(addr)[0], "/")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if out, err := charteBin("health", "-url", base+"/healthz").Output(); err == nil && strings.Contains(string(out), `"proofs":"sqlite"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never healthy:\n%s", logs.String())
		}
	}
	req, _ := http.NewRequest("GET", base+"/charte/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(body, releaseWasmBr) {
		t.Errorf("app.wasm: %d, %d bytes, want the embedded %d", res.StatusCode, len(body), len(releaseWasmBr))
	}
	id, code, err := postProof(http.DefaultClient, base)
	if err != nil || code != 204 {
		t.Fatalf("proof: %d %v\n%s", code, err, logs.String())
	}
	out, err = charteBin("proofs", "list", "-site", "exemple.fr", "-db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), id) {
		t.Errorf("proofs list: %v\n%s", err, out)
	}
	if !strings.Contains(logs.String(), `"msg":"request","method":"POST","path":"/s/exemple.fr/proofs","status":204`) {
		t.Errorf("no JSON request line for the proof:\n%s", logs.String())
	}
}
