package resolution

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/models"
)

// latin1 reads bytes as ISO-8859-1: what a converter that assumed Western
// encoding made of a TCVN3 or Windows-1258 file.
func latin1(b string) string {
	r := make([]rune, len(b))
	for i := 0; i < len(b); i++ {
		r[i] = rune(b[i])
	}
	return string(r)
}

const (
	// "Nghị quyết Đảng ủy phường" in Windows-1258: tones are combining
	// bytes (0xF2 dot below, 0xEC acute, 0xD2 hook, 0xCC grave).
	cp1258 = "Nghi\xF2 quy\xEA\xECt \xD0a\xD2ng u\xD2y ph\xFD\xF5\xCCng"
	// The same words in TCVN3 (ABC): "NghÞ quyÕt §¶ng ñy ph­êng".
	tcvn3 = "Ngh\xDE quy\xD5t \xA7\xB6ng \xF1y ph\xAD\xEAng"
)

func TestReadTextErrors(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rnd.UintN(256))
	}
	cases := []struct {
		name, data, code string
	}{
		{"empty", "", CodeEmpty},
		{"whitespace", " \r\n\t \n\u00A0\n", CodeEmpty},
		{"BOM only", "\uFEFF\r\n", CodeEmpty},
		{"random bytes", string(noise), CodeBinary},
		{"NUL in text", "Nghị quyết\x00\x00", CodeBinary},
		{"a .docx (zip)", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", CodeBinary},
		{"control characters", strings.Repeat("ab\x01\x02\x03", 20), CodeBinary},
		{"Windows-1258 bytes", cp1258 + "\r\n", CodeNotUTF8},
		{"TCVN3 bytes", tcvn3 + "\r\n", CodeNotUTF8},
		{"TCVN3 read as Latin-1, saved as UTF-8", latin1(tcvn3), CodeNotUTF8},
		{"Windows-1258 read as Latin-1, saved as UTF-8", strings.Repeat(latin1(cp1258)+"\n", 3), CodeNotUTF8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadText([]byte(c.data))
			var e *Error
			if !errors.As(err, &e) || e.Code != c.code {
				t.Fatalf("error %v, want code %s", err, c.code)
			}
			if !errors.Is(err, &Error{Code: c.code}) || !errors.Is(err, models.ErrInvalid) {
				t.Errorf("errors.Is does not match %v", err)
			}
			if e.Vi == "" || e.En == "" || e.Error() != e.Vi+" / "+e.En {
				t.Errorf("message %q", e.Error())
			}
		})
	}
	_, err := ReadText([]byte(cp1258))
	if !strings.Contains(err.Error(), "TCVN3/Windows-1258") || !strings.Contains(err.Error(), "save it as UTF-8") {
		t.Errorf("legacy encoding message %q", err)
	}
}

func TestReadTextAcceptsVietnameseWithSymbols(t *testing.T) {
	// Real UTF-8 with a few Latin-1 symbols is not mistaken for TCVN3.
	text := "Nhiệt độ 30°C, «phong trào» ±5% — Đảng ủy phường đạt ½ chỉ tiêu. ©§¶"
	blocks, err := ReadText([]byte(text))
	if err != nil || len(blocks) != 1 || blocks[0].Text != text {
		t.Fatalf("blocks %+v, err %v", blocks, err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name   string
		blocks []document.Block
		code   string
	}{
		{"no blocks", nil, CodeEmpty},
		{"blank blocks", []document.Block{{Text: " \t"}, {Text: "-"}}, CodeEmpty},
		{"no section II", []document.Block{{Text: "NGHỊ QUYẾT"}, {Text: "I. Tình hình thực hiện nhiệm vụ tháng 2"},
			{Text: "1. Kinh tế"}, {Text: "- Đã làm."}, {Text: "III. TỔ CHỨC THỰC HIỆN"}, {Text: "Các chi bộ thực hiện."}}, CodeNoTasksSection},
		{"section II without tasks", []document.Block{{Text: "II. Phương hướng, nhiệm vụ tháng 3"}, {Text: "III. Tổ chức thực hiện"}}, CodeNoTasksSection},
		{"plain English", []document.Block{{Text: "hello world"}}, CodeNoTasksSection},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.blocks)
			if !errors.Is(err, &Error{Code: c.code}) {
				t.Fatalf("error %v, want code %s", err, c.code)
			}
		})
	}
	if _, err := Parse([]document.Block{{Text: "hello"}}); !strings.Contains(err.Error(), "không tìm thấy phần nhiệm vụ (II. Phương hướng, nhiệm vụ…) / no section with tasks found") {
		t.Errorf("message %q", err)
	}
	if e := TooLarge(5 << 20); e.Code != CodeTooLarge || !strings.Contains(e.En, "5120 KB") {
		t.Errorf("too large %+v", e)
	}
}

func TestReadTextFootnotes(t *testing.T) {
	fn := func(pairs ...any) []document.Footnote {
		var out []document.Footnote
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, document.Footnote{Number: pairs[i].(int), Text: pairs[i+1].(string)})
		}
		return out
	}
	cases := []struct {
		name, text string
		want       []document.Block
	}{
		{"one note, blank line after",
			"- Đã làm việc A[footnoteRef:1].  [1:  Trong đó: 20ha; 02ha.] \n\n- Việc B.",
			[]document.Block{{Text: "- Đã làm việc A.", Notes: fn(1, "Trong đó: 20ha; 02ha.")}, {Text: "- Việc B."}}},
		{"two notes in a row with tabs",
			"Việc C[footnoteRef:2]. Việc D[footnoteRef:3]. [2:   Đường 19/5, đạt 80%.]  [3:   \t  Công trình: đạt 30%] \t",
			[]document.Block{{Text: "Việc C. Việc D.", Notes: fn(2, "Đường 19/5, đạt 80%.", 3, "Công trình: đạt 30%")}}},
		{"notes in reference order, not body order",
			"A[footnoteRef:5] B[footnoteRef:4] [4: bốn] [5: năm]",
			[]document.Block{{Text: "A B", Notes: fn(5, "năm", 4, "bốn")}}},
		{"brackets inside a body",
			"Việc E[footnoteRef:7]. [7: xem [phụ lục 2] và [3]]",
			[]document.Block{{Text: "Việc E.", Notes: fn(7, "xem [phụ lục 2] và [3]")}}},
		{"unbalanced bracket inside a body",
			"Việc F[footnoteRef:8]. [8: xem mục a] tiếp]",
			[]document.Block{{Text: "Việc F.", Notes: fn(8, "xem mục a] tiếp")}}},
		{"body on the next line",
			"Việc G[footnoteRef:9].\n[9: ghi chú chín]\nViệc H.",
			[]document.Block{{Text: "Việc G.", Notes: fn(9, "ghi chú chín")}, {Text: "Việc H."}}},
		{"reference without body",
			"Việc I[footnoteRef:10].",
			[]document.Block{{Text: "Việc I.", Notes: fn(10, "")}}},
		{"body without reference stays on its line",
			"Việc J. [12: lạc]",
			[]document.Block{{Text: "Việc J.", Notes: fn(12, "lạc")}}},
		{"text that merely ends with brackets",
			"Theo mục [1] và [a]",
			[]document.Block{{Text: "Theo mục [1] và [a]"}}},
		{"tabs kept for the header columns",
			"                               *\t\t\t      Hương Xuân, ngày 23 tháng 9 năm 2021",
			[]document.Block{{Text: "                               *\t\t\t      Hương Xuân, ngày 23 tháng 9 năm 2021"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadText([]byte(c.text))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestFindDatesAndRefs(t *testing.T) {
	cases := []struct {
		text   string
		dates  string
		ranges int
		refs   string
	}{
		{"Tháng cao điểm (17/10/2021-18/11/2021); kỷ niệm (18/11/1930-18/11/2021)", "2021-10-17 2021-11-18 1930-11-18", 2, ""},
		{"Từ ngày 06 -17/9/2021, dạy học", "2021-09-06 2021-09-17", 1, ""},
		{"từ ngày 11/3/2024 đến ngày 20/3/2024", "2024-03-11 2024-03-20", 1, ""},
		{"Công văn số 428/HĐNVQS- BCH ngày 07 tháng 9 năm 2021", "2021-09-07", 0, "428/HĐNVQS- BCH"},
		{"Quyết định 22/2013/QĐ-TTg và Nghị quyết số 84/NQ-HĐND ngày 26/8/2021", "2021-08-26", 0, "22/2013/QĐ-TTg 84/NQ-HĐND"},
		{"Hướng dẫn 12-HD/BTCTW, ngày 06/7/2018; Quy định 11-QĐi/TW", "2018-07-06", 0, "12-HD/BTCTW 11-QĐi/TW"},
		{"đường 19/5, QL1A, Covid-19, ISO 9001:2015, năm học 2021-2022, 30/02/2021", "", 0, ""},
		{"1.350.492.000 đồng; 123/4/2021; 1/2/20211; a12/10/2021; số 22/2013 và 5/ tuần", "", 0, ""},
		{"từ 06 – 17/9/2021 và 1-2/10/2021", "2021-09-06 2021-09-17 2021-10-01 2021-10-02", 2, ""},
		{"Đề án 06/CP; văn bản 15-CV/ĐU,16/TB-UBND.", "", 0, "06/CP 15-CV/ĐU 16/TB-UBND"},
	}
	for _, c := range cases {
		dates, ranges := findDates(c.text)
		var ds []string
		for _, d := range dates {
			ds = append(ds, string(d))
		}
		if strings.Join(ds, " ") != c.dates || len(ranges) != c.ranges {
			t.Errorf("%q: dates %v ranges %v, want %s and %d ranges", c.text, ds, ranges, c.dates, c.ranges)
		}
		if got := strings.Join(findDocRefs(c.text), " "); got != c.refs {
			t.Errorf("%q: refs %q, want %q", c.text, got, c.refs)
		}
	}
}

func TestClauses(t *testing.T) {
	cases := map[string]int{
		"Rà soát hồ sơ.": 1,
		"Rà soát hồ sơ; lập danh sách. Tiếp tục theo dõi.": 3,
		"Làm việc với TP. HCM và TT. HĐND về đề án.":       1,
		"Triển khai dịch vụ công... Tiếp tục duy trì ISO.": 2,
		"Đạt 1.350.492.000 đồng.\nTuy nhiên còn chậm":      2,
	}
	for text, want := range cases {
		if got := clauses(text); len(got) != want {
			t.Errorf("%q: %d clauses %q, want %d", text, len(got), got, want)
		}
	}
}
