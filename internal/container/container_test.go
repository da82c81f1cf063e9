//go:build container

package container

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
	"github.com/charte/charte/internal/pgtest"
	"github.com/charte/charte/internal/toolchain"
)

// image is the image under test (make containertest sets it).
func image(t *testing.T) string {
	img := os.Getenv("CHARTE_IMAGE")
	if img == "" {
		t.Fatal("CHARTE_IMAGE names no image: run make containertest")
	}
	if out, err := exec.Command("docker", "info").CombinedOutput(); err != nil {
		t.Fatalf("no Docker engine answers: %v\n%s", err, out)
	}
	return img
}

func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// until polls ok every 100 ms for a minute; what names what never came.
func until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s never came", what)
		}
	}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// configs copies the sample configs into a folder the container's user
// can read, with proofs on for exemple.fr, whose pages are at site (the
// receiver takes proofs from the site's own origin).
func configs(t *testing.T, site string) string {
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	files, _ := filepath.Glob(filepath.Join(root, "config", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "exemple.fr.json" {
			b = bytes.Replace(b, []byte(`"revision": 1,`), []byte(`"revision": 1, "proofs": true,`), 1)
			b = bytes.Replace(b, []byte(`"url": "https://exemple.fr"`), []byte(`"url": "`+site+`"`), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run starts the image as an operator would, as uid 65532, on the host's
// network (the engine here has no bridge) at 127.0.0.1:port.
func run(t *testing.T, img, name, port string, extra ...string) {
	args := append([]string{"run", "-d", "--name", name, "--network", "host", "--user", "65532:65532",
		"--health-interval", "1s", "-e", "CHARTE_ADDR=127.0.0.1:" + port}, extra...)
	args = append(args, img, "serve", "-config", "/config", "-log", "json", "-watch", "0")
	docker(t, args...)
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
}

func healthy(t *testing.T, base string) {
	t.Helper()
	until(t, "/healthz", func() bool {
		res, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
}

// site is the operator's site: a page on its own origin that loads
// embed.js from the Charte container at base, once known.
type site struct {
	srv  *httptest.Server
	base string
}

func newSite(t *testing.T) *site {
	s := &site{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site</title>
<script src="%s/s/exemple.fr/embed.js"></script></head><body><h1>Site</h1></body></html>`, s.base)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// url is the site's origin, another one than the container's.
func (s *site) url() string { return strings.Replace(s.srv.URL, "127.0.0.1", "localhost", 1) }

// consentFromBrowser opens the site in headless Chromium, accepts all on
// the banner and returns the consent id of the choice, whose proof
// embed.js posts to the container.
func consentFromBrowser(t *testing.T, s *site) string {
	ctx, cancel, err := headless.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, time.Minute)
	defer tcancel()
	root := `document.querySelector('charte-consent').shadowRoot`
	var cookie string
	err = chromedp.Run(ctx, chromedp.Navigate(s.url()),
		chromedp.Poll(`document.querySelector('charte-consent') && `+root+`.querySelector('[data-charte-action=accept]')`, nil),
		chromedp.Evaluate(root+`.querySelector('[data-charte-action=accept]').click()`, nil),
		chromedp.Poll(`document.cookie.includes('cookies_preferences=')`, nil),
		chromedp.Evaluate(`document.cookie`, &cookie))
	if err != nil {
		t.Fatalf("the choice in Chromium: %v", err)
	}
	m := regexp.MustCompile(`id=([0-9a-zA-Z_-]+)`).FindStringSubmatch(cookie)
	if m == nil {
		t.Fatalf("no consent id in %q", cookie)
	}
	return m[1]
}

func TestImage(t *testing.T) {
	img := image(t)
	name := "charte-test-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	vol := name + "-data"
	t.Cleanup(func() { exec.Command("docker", "volume", "rm", "-f", vol).Run() })
	web := newSite(t)
	cfg := configs(t, web.url())
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	web.base = base
	start := time.Now()
	run(t, img, name, port, "-v", vol+":/data", "-v", cfg+":/config:ro")
	healthy(t, base)
	until(t, "docker's health check", func() bool {
		return docker(t, "inspect", "-f", "{{.State.Health.Status}}", name) == "healthy"
	})
	t.Logf("healthy %s after docker run (health checks every 1 s)", time.Since(start).Round(100*time.Millisecond))
	if u := docker(t, "inspect", "-f", "{{.Config.User}}", name); u != "65532:65532" {
		t.Errorf("user %q", u)
	}

	// A proof from a real browser lands in SQLite on the volume.
	id := consentFromBrowser(t, web)
	listed := func() bool {
		out, _ := exec.Command("docker", "exec", name, "charte", "proofs", "list", "-site", "exemple.fr").CombinedOutput()
		return strings.Contains(string(out), id)
	}
	until(t, "the proof in /data/charte.db", listed)
	// It survives a restart.
	docker(t, "restart", name)
	healthy(t, base)
	if !listed() {
		t.Error("the proof is gone after docker restart")
	}

	// SIGHUP reloads an edited config; a broken one keeps the last good.
	policy := func() string {
		res, err := http.Get(base + "/s/exemple.fr/")
		if err != nil {
			return ""
		}
		defer res.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		return b.String()
	}
	file := filepath.Join(cfg, "exemple.fr.json")
	good, _ := os.ReadFile(file)
	edited := bytes.Replace(good, []byte(`"Exemple de portail"`), []byte(`"Portail rechargé"`), 1)
	os.WriteFile(file, edited, 0o644)
	docker(t, "kill", "-s", "HUP", name)
	until(t, "the edited config served after SIGHUP", func() bool { return strings.Contains(policy(), "Portail rechargé") })
	os.WriteFile(file, []byte(`{"name": "Cassé", "url": 42`), 0o644)
	docker(t, "kill", "-s", "HUP", name)
	until(t, "the broken config reported in the log", func() bool {
		out, _ := exec.Command("docker", "logs", name).CombinedOutput()
		return strings.Contains(string(out), "the last good version keeps serving")
	})
	if p := policy(); !strings.Contains(p, "Portail rechargé") {
		t.Errorf("after a broken config the policy page no longer shows the last good version")
	}
	healthy(t, base)
}

// The compose file is valid, and the image keeps its records in a real
// PostgreSQL (the CI's, reached on the host's network).
func TestPostgres(t *testing.T) {
	img := image(t)
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("docker-compose", "-f", filepath.Join(root, "compose.yaml"), "config", "-q")
	cmd.Env = append(os.Environ(), "CHARTE_DB_PASSWORD=a-long-secret")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	dsn := os.Getenv(pgtest.Env)
	if dsn == "" {
		t.Fatalf("%s names no PostgreSQL (.ci/run starts one: export %s=$(.ci/postgres))", pgtest.Env, pgtest.Env)
	}
	name := "charte-test-pg-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	web := newSite(t)
	port := freePort(t)
	web.base = "http://127.0.0.1:" + port
	run(t, img, name, port, "-e", "CHARTE_DB="+dsn, "-v", configs(t, web.url())+":/config:ro")
	healthy(t, web.base)
	id := consentFromBrowser(t, web)
	until(t, "the proof in PostgreSQL, listed in the container", func() bool {
		out, _ := exec.Command("docker", "exec", name, "charte", "proofs", "list", "-site", "exemple.fr").CombinedOutput()
		return strings.Contains(string(out), id)
	})
}
