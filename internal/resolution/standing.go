package resolution

import "strings"

// Standing work (thường xuyên) has no end date. It is recognised by how
// the task opens, after an optional "Tiếp tục" or a unit named as its
// subject, or by a frequency word anywhere in it.
var (
	standingOpeners = []string{
		"thuong xuyen", "duy tri", "dinh ky", "hang thang", "hang tuan", "hang quy", "hang ngay",
		"tuan thu", "thuc hien nghiem", "chap hanh nghiem", "phat huy vai tro",
	}
	frequencyWords = []string{"thuong xuyen", "dinh ky", "hang thang", "hang tuan", "hang quy", "hang ngay"}
	// unitHeads open a unit's name ("Trạm Y tế", "Hội LHPN phường",
	// "Các chi bộ"), folded.
	unitHeads = []string{"cac", "ubnd", "ubmttq", "ubmttqvn", "mttq", "mat", "hoi", "doan", "cong",
		"tram", "truong", "ban", "van", "uy", "chi", "dang", "hdnd", "quan"}
)

// maxSubjectWords: "Hội Cựu chiến binh phường duy trì …"; a longer run
// before the opener is more likely a verb phrase than a unit's name.
const maxSubjectWords = 5

// isStanding reads the folded text of a task.
func isStanding(ft string) bool {
	head := strings.TrimPrefix(ft, "tiep tuc ")
	if startsWithAny(head, standingOpeners) || opensAfterSubject(head) {
		return true
	}
	for _, w := range frequencyWords {
		if containsWord(ft, w) {
			return true
		}
	}
	return false
}

// opensAfterSubject: "Trạm Y tế duy trì tiêm chủng …".
func opensAfterSubject(ft string) bool {
	first, rest, ok := strings.Cut(ft, " ")
	if !ok || !containsString(unitHeads, first) {
		return false
	}
	for range maxSubjectWords {
		if startsWithAny(rest, standingOpeners) {
			return true
		}
		if _, rest, ok = strings.Cut(rest, " "); !ok {
			return false
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// containsWord finds w in s as whole words.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = start + 1
	}
}
