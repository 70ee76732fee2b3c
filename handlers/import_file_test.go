package handlers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"testing"
)

// TestImportOriginalIsADownload: whatever content type the uploader sent
// (text/html here), the original comes back as a download of bytes, so
// it can never run as a page of our site.
func TestImportOriginalIsADownload(t *testing.T) {
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="nq.txt"`)
	h.Set("Content-Type", "text/html")
	fw, _ := mw.CreatePart(h)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["leader"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var up struct{ Import importJSON }
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 || json.Unmarshal(b, &up) != nil {
		t.Fatalf("upload: %d %s", res.StatusCode, b)
	}
	req, _ = http.NewRequest("GET", e.srv.URL+"/api/v1/imports/"+up.Import.ID+"/file", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["leader"])
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "application/octet-stream" || cd == "" || cd[:10] != "attachment" {
		t.Errorf("original served as %q, %q", ct, cd)
	}
}
