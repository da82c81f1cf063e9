package proofs

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charte/charte/internal/pgtest"
)

// BenchmarkReceiver posts proofs from 32 concurrent clients over loopback
// HTTP to the receiver, each answered 204 once committed, and reports
// records per second and the 99th percentile of the answer time.
//
//	go test ./proofs -run '^$' -bench Receiver -benchtime 20000x
func BenchmarkReceiver(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchReceiver(b, filepath.Join(b.TempDir(), "proofs.db")) })
	b.Run("postgres", func(b *testing.B) { benchReceiver(b, pgtest.DSN(b)) })
}

func benchReceiver(b *testing.B, dsn string) {
	s, err := Open(dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	site := testSite(b, 1)
	srv := httptest.NewServer(&Receiver{Store: s, Sites: func(string) *Site { return site }})
	defer srv.Close()
	const clients = 32
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	bodies := make([][]byte, b.N)
	for i := range bodies {
		bodies[i] = []byte(js(proof(1)))
	}
	// One record first: the schema and the texts are in place.
	if code := postTo(client, srv.URL, bodies[0]); code != 204 {
		b.Fatalf("first proof: %d", code)
	}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t := time.Now()
				if code := postTo(client, srv.URL, bodies[i]); code != 204 && i > 0 {
					b.Errorf("status %d", code)
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func postTo(c *http.Client, base string, body []byte) int {
	req, _ := http.NewRequest("POST", base+"/s/exemple.fr/proofs", bytes.NewReader(body))
	req.Header.Set("Origin", origin)
	res, err := c.Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}
