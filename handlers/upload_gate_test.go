package handlers_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// bigUpload is a multipart body with a file of size bytes, streamed from
// one shared buffer so the client holds no copies.
func bigUpload(file []byte) (io.Reader, string) {
	var head, tail bytes.Buffer
	mw := multipart.NewWriter(&head)
	mw.CreateFormFile("file", "lon.docx")
	boundary := mw.Boundary()
	tail.WriteString("\r\n--" + boundary + "--\r\n")
	return io.MultiReader(bytes.NewReader(head.Bytes()), bytes.NewReader(file), bytes.NewReader(tail.Bytes())), mw.FormDataContentType()
}

// TestUploadsRefusedBeforeTheirBody: 48 parallel 10 MB uploads by people
// who may not import are all refused (403), and the server's heap does
// not grow by their size: the role is checked before the body is read.
func TestUploadsRefusedBeforeTheirBody(t *testing.T) {
	e := newTestEnv(t)
	file := bytes.Repeat([]byte("x"), 10<<20)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // sample the heap while the uploads run
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	codes := make([]int, 48)
	for i := range codes {
		role := "viewer"
		if i%2 == 1 {
			role = "unitLead"
		}
		wg.Go(func() {
			body, ct := bigUpload(file)
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/imports", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer "+e.tokens[role])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return // the server may close the connection after its answer
			}
			codes[i] = res.StatusCode
			res.Body.Close()
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	for i, code := range codes {
		if code != 0 && code != http.StatusForbidden {
			t.Errorf("upload %d: %d, want 403", i, code)
		}
	}
	grown := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("heap in use grew by %.1f MB at most during 48 refused 10 MB uploads", float64(grown)/(1<<20))
	if grown > 64<<20 {
		t.Errorf("the heap grew by %d MB: refused uploads were read", grown>>20)
	}
}
