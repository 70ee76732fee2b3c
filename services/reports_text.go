package services

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

// The sentences of a draft resolution, written the way an office writes
// them: a task's imperative text becomes a result ("UBND phường đã rà
// soát …"), unfinished work continues ("Tiếp tục …"), and figures go into
// footnotes as in section I of a real resolution.

// nominalStarts are how a bullet that names its doer begins (folded);
// such a text is not turned into "<unit> đã <text>".
var nominalStarts = []string{
	"cac ", "chi bo", "dong chi", "ban ", "hoi ", "doan ", "truong ", "ubnd", "uy ban", "cong an", "tram ",
	"mat tran", "ubmttq", "mttq", "van phong", "dang uy", "thuong truc", "hdnd", "bo phan", "khoi ", "to dan pho",
}

// subjectOf splits off the lead unit when the text starts with its name or
// one of its aliases ("Hội LHPN phường duy trì …" → "Hội LHPN phường",
// "duy trì …"), taking a following "phường"/"xã" with it.
func subjectOf(text string, lead models.Unit) (subject, rest string, ok bool) {
	words := strings.Fields(text)
	folded := models.Fold(text)
	best := 0
	for _, name := range append([]string{lead.Name}, lead.Aliases...) {
		f := models.Fold(name)
		if f == "" || !strings.HasPrefix(folded+" ", f+" ") {
			continue
		}
		best = max(best, len(strings.Fields(f)))
	}
	if best == 0 || best >= len(words) {
		return "", text, false
	}
	if w := models.Fold(words[best]); (w == "phuong" || w == "xa") && best+1 < len(words) {
		best++
	}
	return strings.Join(words[:best], " "), strings.Join(words[best:], " "), true
}

func startsNominal(text string) bool {
	f := models.Fold(text)
	for _, p := range nominalStarts {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// withoutContinue drops a leading "Tiếp tục": a result does not continue.
func withoutContinue(text string) string {
	words := strings.Fields(text)
	if len(words) > 2 && models.Fold(words[0]+" "+words[1]) == "tiep tuc" {
		return strings.Join(words[2:], " ")
	}
	return text
}

func startsContinue(text string) bool {
	return strings.HasPrefix(models.Fold(text)+" ", "tiep tuc ")
}

// lowerFirst lowers the first letter unless the first word is an
// abbreviation or a name written in capitals (GPMB, UBND, TTHC).
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	upper := 0
	for _, r := range first {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 1 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// clause trims the end punctuation so more can follow.
func clause(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), " .;:,")
}

// sentence ends s with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…") {
		return s
	}
	return clause(s) + "."
}

// hasFigures: the note gives numbers (hồ sơ, %, đồng), which a resolution
// puts in a footnote rather than in the sentence.
func hasFigures(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}

// resultLine is a task of month M as section I reports it, and the
// footnotes it carries.
func resultLine(row ReviewRow, lead models.Unit, next models.Month) (string, []string) {
	t := row.Task
	text := withoutContinue(t.Text)
	var line string
	subject, rest, ok := subjectOf(text, lead)
	switch {
	case ok:
		line = subject + " " + resultVerb(row, clause(rest), next)
	case startsNominal(text):
		line = clause(text) + ": " + resultState(row, next)
	default:
		name := lead.Name
		if name == "" {
			name = row.LeadName
		}
		line = name + " " + resultVerb(row, clause(lowerFirst(text)), next)
	}
	line = sentence(line)
	var notes []string
	switch note := strings.TrimSpace(row.Note); {
	case note == "":
	case hasFigures(note):
		notes = append(notes, clause(note))
	default:
		line += " " + sentence(upperFirst(note))
	}
	return line, notes
}

// resultVerb is "đã …", "đang …", "chưa …" with what followed.
func resultVerb(row ReviewRow, body string, next models.Month) string {
	t := row.Task
	switch t.State {
	case models.StateDone:
		if row.Bucket == models.BucketDoneLate {
			return "đã " + body + ", tuy nhiên chậm so với thời hạn đề ra"
		}
		return "đã " + body
	case models.StateAwaiting:
		return "đã " + body + " (đơn vị báo cáo đã hoàn thành, đang chờ xác nhận)"
	case models.StatePaused:
		return "tạm dừng việc " + body + " do chưa đủ điều kiện thực hiện"
	case models.StateCancelled:
		return "dừng việc " + body + " theo chỉ đạo của Thường trực Đảng ủy"
	case models.StateCarried:
		switch {
		case t.Percent >= 100: // reported done, not accepted before the month ended
			return fmt.Sprintf("đã %s nhưng chưa được xác nhận hoàn thành; chuyển sang %s tiếp tục thực hiện", body, vnMonth(next))
		case t.Percent > 0:
			return fmt.Sprintf("đang %s, đạt khoảng %d%%; chuyển sang %s tiếp tục thực hiện", ongoing(body), t.Percent, vnMonth(next))
		}
		return fmt.Sprintf("chưa %s; chuyển sang %s tiếp tục thực hiện", body, vnMonth(next))
	case models.StateInProgress:
		if t.Percent > 0 {
			return fmt.Sprintf("đang %s, đạt khoảng %d%%", ongoing(body), t.Percent)
		}
		return "đang " + ongoing(body)
	default:
		return "chưa " + body
	}
}

// resultState is the result of a text that names its own doer.
func resultState(row ReviewRow, next models.Month) string {
	t := row.Task
	switch t.State {
	case models.StateDone:
		if row.Bucket == models.BucketDoneLate {
			return "đã hoàn thành, chậm so với thời hạn đề ra"
		}
		return "đã hoàn thành"
	case models.StateAwaiting:
		return "đơn vị báo cáo đã hoàn thành, đang chờ xác nhận"
	case models.StatePaused:
		return "tạm dừng, chờ đủ điều kiện thực hiện"
	case models.StateCancelled:
		return "dừng thực hiện theo chỉ đạo của Thường trực Đảng ủy"
	case models.StateCarried:
		return "chưa hoàn thành, chuyển sang " + vnMonth(next) + " tiếp tục thực hiện"
	case models.StateInProgress:
		if t.Percent > 0 {
			return fmt.Sprintf("đang thực hiện, đạt khoảng %d%%", t.Percent)
		}
		return "đang thực hiện"
	default:
		return "chưa triển khai"
	}
}

// continueLine is a carried task as a bullet of section II: it starts
// with "Tiếp tục", never twice.
func continueLine(text string) string {
	text = strings.TrimSpace(text)
	switch {
	case startsContinue(text):
		return sentence(upperFirst(text))
	case startsNominal(text):
		// A named doer keeps its capitals ("Hội LHPN phường"); only the
		// plain "Các" becomes "các".
		if first, rest, _ := strings.Cut(text, " "); models.Fold(first) == "cac" {
			text = "các " + rest
		}
		return sentence("Tiếp tục chỉ đạo " + text)
	default:
		return sentence("Tiếp tục " + lowerFirst(text))
	}
}

// vnInt writes n the Vietnamese way: 1.350.492.
func vnInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// vnPercent is 98,62% style, without trailing zeros.
func vnPercent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// vnMonthLong is "tháng 10 năm 2021", "tháng 01 năm 2022".
func vnMonthLong(m models.Month) string {
	s := string(m)
	if len(s) != 7 {
		return "tháng " + s
	}
	return "tháng " + s[5:] + " năm " + s[:4]
}

// figuresSentence is the month's count in the Government's words.
func figuresSentence(f models.Figures) string {
	s := fmt.Sprintf("đã hoàn thành %s nhiệm vụ, đạt %s (đúng hạn: %s, quá hạn: %s); chưa hoàn thành: %s (trong hạn: %s, quá hạn: %s)",
		vnInt(f.Done), vnPercent(f.CompletionPercent()), vnInt(f.DoneOnTime), vnInt(f.DoneLate), vnInt(f.Open), vnInt(f.OpenWithinTerm), vnInt(f.OpenOverdue))
	if f.Cancelled > 0 {
		s += fmt.Sprintf("; hủy: %s", vnInt(f.Cancelled))
	}
	return s
}

// stateLabel is a state as the review's table prints it.
func stateLabel(s models.WorkState) string {
	switch s {
	case models.StateNotStarted:
		return "Chưa thực hiện"
	case models.StateInProgress:
		return "Đang thực hiện"
	case models.StateAwaiting:
		return "Chờ xác nhận hoàn thành"
	case models.StateDone:
		return "Đã hoàn thành"
	case models.StatePaused:
		return "Tạm dừng"
	case models.StateCarried:
		return "Chuyển sang tháng sau"
	case models.StateCancelled:
		return "Hủy"
	}
	return string(s)
}

// bucketLabel is where the task is counted.
func bucketLabel(b models.Bucket) string {
	switch b {
	case models.BucketDoneOnTime:
		return "hoàn thành đúng hạn"
	case models.BucketDoneLate:
		return "hoàn thành quá hạn"
	case models.BucketOpenWithinTerm:
		return "chưa hoàn thành, trong hạn"
	case models.BucketOpenOverdue:
		return "chưa hoàn thành, quá hạn"
	case models.BucketCancelled:
		return "không tính (hủy)"
	}
	return string(b)
}

func deadlineText(d models.Date) string {
	if d == "" {
		return "thường xuyên"
	}
	return vnDay(d)
}

// ongoing drops a leading "hoàn thành" from work still under way: "đang
// cải tạo tuyến mương", not "đang hoàn thành cải tạo tuyến mương".
func ongoing(body string) string {
	if rest, ok := strings.CutPrefix(body, "hoàn thành "); ok && rest != "" {
		return rest
	}
	return body
}
