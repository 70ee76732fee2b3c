package handlers_test

import (
	"bytes"
	"os"
	"testing"
)

// An upload is spooled to a temporary file while it is handled, and the
// file is gone afterwards, whether the upload was taken, refused as too
// large, or refused as not a resolution.
func TestUploadsLeaveNoTemporaryFiles(t *testing.T) {
	e := newTestEnv(t)
	e.addDemoUnits()
	resolution, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir() // after the environment's own, which must not be in it
	t.Setenv("TMPDIR", tmp)
	for name, c := range map[string]struct {
		data []byte
		want int
	}{
		"nghi-quyet.txt": {resolution, 201},
		"qua-lon.txt":    {bytes.Repeat([]byte("Nghị quyết "), 11<<20/len("Nghị quyết ")), 413},
		"bien-ban.txt":   {[]byte("Biên bản họp chi bộ\nNội dung: bàn về công tác tháng 10.\n"), 422},
	} {
		if st := e.upload("leader", name, c.data, nil); st != c.want {
			t.Errorf("%s: %d, want %d", name, st, c.want)
		}
		left, err := os.ReadDir(tmp)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range left {
			t.Errorf("%s left %s behind", name, f.Name())
		}
	}
}
