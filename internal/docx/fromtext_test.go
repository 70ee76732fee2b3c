package docx_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

const (
	samplePath  = "../../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"
	fixturePath = "testdata/nghi-quyet-mau.txt"
)

var (
	refMarker = regexp.MustCompile(`\[footnoteRef:(\d+)\]`)
	noteBody  = regexp.MustCompile(`\[(\d+):([^\]]*)\]`)
	dash      = regexp.MustCompile(`^[ \t]*-[ \t]+`)
)

// expectBlocks is what Read should return for a text export converted by
// FromText, worked out line by line with regular expressions (a different
// method from FromText's). Footnote numbers are the markers' own: in these
// files the references come in order.
func expectBlocks(t *testing.T, text string, style docxtest.BulletStyle) []document.Block {
	t.Helper()
	var want []document.Block
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		var b document.Block
		if refs := refMarker.FindAllStringSubmatch(line, -1); refs != nil {
			bodies := map[string]string{}
			for _, m := range noteBody.FindAllStringSubmatch(line, -1) {
				bodies[m[1]] = strings.TrimSpace(m[2])
			}
			for _, r := range refs {
				n, _ := strconv.Atoi(r[1])
				b.Notes = append(b.Notes, document.Footnote{Number: n, Text: norm.NFC.String(bodies[r[1]])})
			}
			line = noteBody.ReplaceAllString(refMarker.ReplaceAllString(line, ""), "")
		}
		if style == docxtest.WordNumbering && dash.MatchString(line) {
			line, b.ListItem = dash.ReplaceAllString(line, ""), true
		}
		b.Text = strings.TrimRightFunc(norm.NFC.String(line), unicode.IsSpace)
		if b.Text != "" {
			want = append(want, b)
		}
	}
	return want
}

func TestFromTextRoundTrip(t *testing.T) {
	for _, src := range []struct {
		path     string
		notes    int
		optional bool
	}{
		{fixturePath, 4, false},
		{samplePath, 11, true},
	} {
		text, err := os.ReadFile(src.path)
		if errors.Is(err, fs.ErrNotExist) && src.optional {
			t.Logf("skipping %s: not present", src.path)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, style := range []docxtest.BulletStyle{docxtest.TypedDash, docxtest.WordNumbering} {
			t.Run(filepath.Base(src.path)+"/"+styleName(style), func(t *testing.T) {
				data, err := docxtest.FromText(string(text), style)
				if err != nil {
					t.Fatal(err)
				}
				got, err := docx.Read(data, docx.DefaultLimits())
				if err != nil {
					t.Fatal(err)
				}
				want := expectBlocks(t, string(text), style)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("got\n%s\nwant\n%s", dump(got), dump(want))
				}
				// The expectation itself must hold what the brief asks for.
				var numbers []int
				lists := 0
				for _, b := range got {
					for _, n := range b.Notes {
						numbers = append(numbers, n.Number)
						if n.Text == "" || n.Text != strings.TrimSpace(n.Text) {
							t.Errorf("footnote %d text %q", n.Number, n.Text)
						}
					}
					if b.ListItem {
						lists++
					}
				}
				if len(numbers) != src.notes {
					t.Errorf("%d footnotes, want %d", len(numbers), src.notes)
				}
				for i, n := range numbers {
					if n != i+1 {
						t.Errorf("footnote %d numbered %d", i+1, n)
					}
				}
				if (lists > 0) != (style == docxtest.WordNumbering) {
					t.Errorf("%d list items with %s", lists, styleName(style))
				}
			})
		}
	}
}

// Spot checks against the real sample, written out by hand.
func TestFromTextSample(t *testing.T) {
	text, err := os.ReadFile(samplePath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("sample not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	data, err := docxtest.FromText(string(text), docxtest.WordNumbering)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := docx.Read(data, docx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	notes := map[int]string{}
	byText := map[string]document.Block{}
	for _, b := range blocks {
		byText[b.Text] = b
		for _, n := range b.Notes {
			notes[n.Number] = n.Text
		}
		if !norm.NFC.IsNormalString(b.Text) {
			t.Errorf("not NFC: %q", b.Text)
		}
	}
	for n, want := range map[int]string{
		1:  "Trong đó: khảo nghiệm giống lúa chất lượng cao 20ha; lúa hữu cơ 02ha; rau an toàn 0,5ha.",
		3:  "Công trình: Nâng cấp mở rộng đường ngang nối đường Trà Kệ và đường Lê Đức Thọ (đang thi công cống ngang tuyến), tiến độ đạt 30%; xây dựng mới nhà vệ sinh trường TH số 1 Hương Xuân, tiến độ đạt 50%; bê tông ngõ phố năm 2021 (đợt 3) đã hoàn thành bê tông mặt đường 4 tuyến 1105 m, tiến độ đạt 70%.",
		6:  "Đến nay đã lập thủ tục di chuyển NVQS cho 04 trường hợp",
		11: "Trong đó: xây dựng mới có 05 trường hợp; sửa chữa có 08 trường hợp",
	} {
		if notes[n] != want {
			t.Errorf("footnote %d = %q, want %q", n, notes[n], want)
		}
	}
	for text, list := range map[string]bool{
		"I. Tình hình thực hiện nhiệm vụ tháng 9 năm 2021":                                 false,
		"                               *\t\t\t      Hương Xuân, ngày 23 tháng 9 năm 2021": false,
		"-----": false,
		"Tình hình an ninh chính trị, an ninh tôn giáo, an ninh nông thôn, an toàn xã hội, an toàn giao thông cơ bản được giữ vững ổn định.": true,
		"UVTV Thị ủy phụ trách cụm (b/c),": true,
	} {
		b, ok := byText[text]
		if !ok || b.ListItem != list {
			t.Errorf("block %q: present %v, ListItem %v, want %v", text, ok, b.ListItem, list)
		}
	}
}

func styleName(s docxtest.BulletStyle) string {
	if s == docxtest.WordNumbering {
		return "WordNumbering"
	}
	return "TypedDash"
}
