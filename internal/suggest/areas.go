package suggest

import (
	"fmt"
	"math"
	"strings"

	"github.com/theodoi/theodoi/models"
)

// minAreaScore is the similarity below which a resolution's area is offered
// as a new one. "MTTQ và các đoàn thể" against "Hoạt động của Mặt trận,
// các đoàn thể chính trị - xã hội" scores 0.46; "phòng chống bão số 5"
// against "phòng, chống dịch bệnh" scores 0.33.
const minAreaScore = 0.4

// fillers carry no meaning in an area title.
var fillers = phrasesOf("về", "công tác", "hoạt động", "của", "các", "và", "lĩnh vực", "tình hình",
	"nhiệm vụ", "thực hiện", "triển khai", "trên địa bàn", "địa bàn", "phường", "thị trấn")

// abbreviations written in area titles, expanded to the words they stand for.
var abbreviations = map[string]phrase{
	"cchc": phraseOf("cải cách hành chính"),
	"mttq": phraseOf("Mặt trận Tổ quốc"),
	"qp":   phraseOf("quốc phòng"),
	"ktxh": phraseOf("kinh tế xã hội"),
	"vhxh": phraseOf("văn hóa xã hội"),
	"ctxh": phraseOf("chính trị xã hội"),
	"xdd":  phraseOf("xây dựng Đảng"),
}

// areaWords are the content words of a title: fillers dropped,
// abbreviations expanded. words keeps the original spelling for reasons.
type areaWords struct {
	keys  phrase
	words []string
}

func contentWords(title string) areaWords {
	toks := tokenize(title)
	var w areaWords
	for i := 0; i < len(toks); {
		if n := fillerAt(toks, i); n > 0 {
			i += n
			continue
		}
		k := toks[i].toned
		// "xã" is a place unless it begins "xã hội".
		if toks[i].key == "xa" && !(i+1 < len(toks) && toks[i+1].key == "hoi") {
			i++
			continue
		}
		orig := title[toks[i].start:toks[i].end]
		if exp, ok := abbreviations[toks[i].key]; ok {
			w.keys = append(w.keys, exp...)
			for range exp {
				w.words = append(w.words, orig)
			}
		} else {
			w.keys = append(w.keys, k)
			w.words = append(w.words, orig)
		}
		i++
	}
	return w
}

func fillerAt(toks []token, i int) int {
	n := 0
	for _, p := range fillers {
		if len(p) > n && matchAt(toks, i, p) {
			n = len(p)
		}
	}
	return n
}

// features are the words and the pairs of neighbouring words: pairs tell
// "quốc phòng" from "phòng chống", which share the folded word "phong".
func (w areaWords) features() map[string]bool {
	f := make(map[string]bool, 2*len(w.keys))
	for i, k := range w.keys {
		f[k] = true
		if i > 0 {
			f[w.keys[i-1]+" "+k] = true
		}
	}
	return f
}

// similarity is the Dice coefficient of the two titles' features.
func similarity(a, b areaWords) float64 {
	fa, fb := a.features(), b.features()
	if len(fa) == 0 || len(fb) == 0 {
		return 0
	}
	common := 0
	for k := range fa {
		if fb[k] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(fa)+len(fb))
}

// areaMatch is the committee's area a resolution's area belongs to, or a
// new area to create.
type areaMatch struct {
	area    models.Area // zero when new
	newName string
	reason  string
}

func matchArea(title string, areas []models.Area) areaMatch {
	title = strings.TrimSpace(title)
	if title == "" {
		return areaMatch{reason: "mục không nằm dưới lĩnh vực nào: hãy chọn lĩnh vực"}
	}
	tw := contentWords(title)
	best, bestScore := -1, 0.0
	for i, a := range areas {
		if s := similarity(tw, contentWords(a.Name)); s > bestScore+1e-9 {
			best, bestScore = i, s
		}
	}
	if best >= 0 && bestScore >= minAreaScore {
		a := areas[best]
		return areaMatch{area: a, reason: fmt.Sprintf("khớp lĩnh vực: %s (giống %d%%, trùng từ: %s)",
			a.Name, percent(bestScore), strings.Join(commonWords(tw, contentWords(a.Name)), ", "))}
	}
	reason := "lĩnh vực mới: chưa có lĩnh vực nào giống «" + title + "»"
	if best >= 0 && bestScore > 0 {
		reason += fmt.Sprintf(" (gần nhất: %s, giống %d%%)", areas[best].Name, percent(bestScore))
	}
	return areaMatch{newName: title, reason: reason}
}

func percent(f float64) int { return int(math.Round(f * 100)) }

// commonWords are a's words (original spelling, once each) that b has too.
func commonWords(a, b areaWords) []string {
	in := make(map[string]bool, len(b.keys))
	for _, k := range b.keys {
		in[k] = true
	}
	var out []string
	seen := map[string]bool{}
	for i, k := range a.keys {
		if in[k] && !seen[a.words[i]] {
			seen[a.words[i]] = true
			out = append(out, a.words[i])
		}
	}
	return out
}
