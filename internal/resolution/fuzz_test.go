package resolution

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// FuzzParseText: whatever is uploaded, reading and parsing return a
// Document or an *Error, and never panic.
func FuzzParseText(f *testing.F) {
	if data, err := os.ReadFile(samplePath); err == nil {
		f.Add(data)
	}
	f.Add(readFixture(f))
	for _, fx := range styleFixtures {
		f.Add(readStyleFixture(f, fx.file))
	}
	for _, s := range []string{
		"II. Nhiệm vụ\n1.\n-\n+\n2. a: b[footnoteRef:1] [1: [x]]",
		"[footnoteRef:1] [1: [[]] ]] [2:",
		"I- \n II -x\nIII. TỔ CHỨC THỰC HIỆN\nNơi nhận:\n- \t\t\t",
		"Số -/ \t*\t, ngày tháng năm\nNGHỊ QUYẾT\n-----\nII- Nhiệm vụ tháng 13 năm 0000\n- (31/02/2021-01/01/9999) năm 2021 hoàn thành",
		"\r\r\n\uFEFF\v\f",
		"II. Nhiệm vụ tháng 11\n| TT | Nội dung | Chủ trì | Thời hạn |\n| I | KINH TẾ |\n| 1 | a | b | Quý IV |\n|\t|\nx\n- y",
		"B. NHIỆM VỤ\nI. A\n1. b\nVề c:\na) d trước ngày 31/02\n1.1. e trong quý V\n+ f\nC. TỔ CHỨC THỰC HIỆN",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := ReadText(data)
		var e *Error
		if err != nil {
			if !errors.As(err, &e) {
				t.Fatalf("ReadText error of type %T: %v", err, err)
			}
			return
		}
		doc, err := Parse(blocks)
		if err != nil {
			if !errors.As(err, &e) {
				t.Fatalf("Parse error of type %T: %v", err, err)
			}
			return
		}
		for _, areas := range [][]Area{doc.Review, doc.Tasks} {
			for _, a := range areas {
				for i, it := range a.Items {
					if it.Index != i+1 || it.Text == "" {
						t.Fatalf("area %d item %d: index %d, text %q", a.Number, i, it.Index, it.Text)
					}
				}
			}
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkParseSample(b *testing.B) {
	data, err := os.ReadFile(samplePath)
	if err != nil {
		data = readFixture(b)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		blocks, err := ReadText(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Parse(blocks); err != nil {
			b.Fatal(err)
		}
	}
}
