package server

import (
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// 100 concurrent first requests, as after a restart, compress each file
// once: the heap stays under 100 MB.
func TestFirstRequestsMemory(t *testing.T) {
	srv := New(testSites(t), fakeWasm(), []byte("/* loader */"))
	var paths []string
	for name, f := range srv.tree.files {
		p, b := "/"+strings.TrimSuffix(name, "index.html"), f.body
		if len(b) >= 512 && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html")) {
			paths = append(paths, p)
		}
	}
	if len(paths) < 10 {
		t.Fatalf("only %d compressible files", len(paths))
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // the heap, sampled while the requests run
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := httptest.NewRequest("GET", paths[i%len(paths)], nil)
			r.Header.Set("Accept-Encoding", []string{"br", "gzip"}[i/len(paths)%2])
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, r)
			if rec.Code != 200 || rec.Header().Get("Content-Encoding") == "" {
				t.Errorf("GET %s: %d %q", r.URL.Path, rec.Code, rec.Header().Get("Content-Encoding"))
			}
		}()
	}
	close(start)
	wg.Wait()
	close(stop)
	<-sampled
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	const limit = 100 << 20
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("heap before %d MB, peak %d MB; %d MB allocated by the requests for %d files", before.HeapAlloc>>20, peak.Load()>>20, allocated>>20, len(paths))
	if peak.Load() > limit {
		t.Errorf("heap went to %d MB (sampled): want under 100 MB", peak.Load()>>20)
	}
	// Everything the requests allocated bounds what the sampling may have
	// missed: one compression per file and encoding, each with a window
	// sized to the file, allocates a few megabytes; compressing again per
	// request, or with brotli's largest window, allocates far more.
	if perFile := allocated / uint64(2*len(paths)); perFile > 4<<20 {
		t.Errorf("%d MB allocated by the requests, %.1f MB per file and encoding: want at most 4 MB",
			allocated>>20, float64(perFile)/(1<<20))
	}
}

// A build compresses every text file with a window sized to it: building
// the seed sites allocates tens of megabytes, not the 130 MB that each
// file took with brotli's largest window.
func TestBuildMemory(t *testing.T) {
	sites := testSites(t)
	w, loader := fakeWasm(), []byte("/* loader */")
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	files := treeFiles(t, Build(sites, w, loader, ""))
	runtime.ReadMemStats(&after)
	alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("%d files, %d MB allocated", len(files), alloc)
	if alloc > 200 {
		t.Errorf("building %d files allocated %d MB, want under 200 MB", len(files), alloc)
	}
}
