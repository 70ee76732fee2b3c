package report

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/web"
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

// notStarted: the task had no work reported when the month ended (not
// started, or carried over at 0%). Section I does not write such a task
// as "<unit> chưa <task text>", which reads as an accusation; it counts
// them in one sentence per area (pendingLine).
func notStarted(t models.Task) bool {
	return t.State == models.StateNotStarted || t.State == models.StateCarried && t.Percent == 0
}

// resultLine is a task of month M that saw work, as section I reports it
// (what was done, by whom, on time or late; what is under way and how
// far), and the footnotes it carries: the figures of its latest note.
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
		line = name + " " + resultVerb(row, clause(words.LowerFirst(text)), next)
	}
	if t.State == models.StatePaused && t.Condition != "" {
		line = clause(line) + " (chờ " + clause(t.Condition) + ")"
	}
	line = sentence(line)
	var notes []string
	switch note := strings.TrimSpace(row.Note); {
	case note == "":
	case hasFigures(note):
		notes = append(notes, clause(note))
	default:
		line += " " + sentence(words.UpperFirst(note))
	}
	return line, notes
}

// resultVerb is "đã …", "đang …", "tạm dừng việc …" with what followed.
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
		if t.Percent >= 100 { // reported done, not accepted before the month ended
			return fmt.Sprintf("đã %s, đang chờ xác nhận hoàn thành; chuyển sang %s tiếp tục theo dõi", body, words.VNMonth(next))
		}
		return fmt.Sprintf("đang %s, đạt khoảng %d%%; chuyển sang %s tiếp tục thực hiện", ongoing(body), t.Percent, words.VNMonth(next))
	default: // in progress
		if t.Percent > 0 {
			return fmt.Sprintf("đang %s, đạt khoảng %d%%", ongoing(body), t.Percent)
		}
		return "đang " + ongoing(body)
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
		return fmt.Sprintf("đang thực hiện, đạt khoảng %d%%; chuyển sang %s tiếp tục thực hiện", t.Percent, words.VNMonth(next))
	default:
		if t.Percent > 0 {
			return fmt.Sprintf("đang thực hiện, đạt khoảng %d%%", t.Percent)
		}
		return "đang thực hiện"
	}
}

// pendingLine counts an area's tasks that saw no work in the month, by
// lead unit, with where the resolution set them ("mục 3.2, 3.4"), and
// says they go on next month: "2 nhiệm vụ (mục 3.2, 3.4) chưa triển
// khai trong tháng (UBND phường chủ trì 1, Văn phòng Đảng ủy chủ trì 1),
// chuyển sang tháng 11/2021 tiếp tục thực hiện."
func pendingLine(rows []ReviewRow, next models.Month, carries bool) string {
	var refs []string
	count := map[string]int{}
	var leads []string
	for _, r := range rows {
		if src := r.Task.Source; src != nil && src.AreaIndex > 0 && src.ItemIndex > 0 {
			refs = append(refs, fmt.Sprintf("%d.%d", src.AreaIndex, src.ItemIndex))
		}
		if count[r.LeadName] == 0 {
			leads = append(leads, r.LeadName)
		}
		count[r.LeadName]++
	}
	var by []string
	for _, l := range leads {
		by = append(by, fmt.Sprintf("%s chủ trì %s", l, vnInt(count[l])))
	}
	s := vnInt(len(rows)) + " nhiệm vụ"
	if len(refs) > 0 {
		s += " (mục " + strings.Join(refs, ", ") + ")"
	}
	s += " chưa triển khai trong tháng (" + strings.Join(by, ", ") + ")"
	if carries {
		s += ", chuyển sang " + words.VNMonth(next) + " tiếp tục thực hiện"
	}
	return words.UpperFirst(s) + "."
}

// continueLine is a carried task as a bullet of section II: it starts
// with "Tiếp tục", never twice.
func continueLine(text string) string {
	text = strings.TrimSpace(text)
	switch {
	case startsContinue(text):
		return sentence(words.UpperFirst(text))
	case startsNominal(text):
		// A named doer keeps its capitals ("Hội LHPN phường"); only the
		// plain "Các" becomes "các".
		if first, rest, _ := strings.Cut(text, " "); models.Fold(first) == "cac" {
			text = "các " + rest
		}
		return sentence("Tiếp tục chỉ đạo " + text)
	default:
		return sentence("Tiếp tục " + words.LowerFirst(text))
	}
}

// Documents are written in Vietnamese; numbers are formatted where the
// pages' are (web.Number, web.Percent).

// vnInt writes n the Vietnamese way: 1.350.492.
func vnInt(n int) string { return web.Number("vi", n) }

// vnPercent is "98,62%": the figures' one rounding, written in Vietnamese.
func vnPercent(p float64) string { return web.Percent("vi", p) + "%" }

// vnMonthLong is "tháng 10 năm 2021", "tháng 01 năm 2022".
func vnMonthLong(m models.Month) string {
	s := string(m)
	if len(s) != 7 {
		return "tháng " + s
	}
	return "tháng " + s[5:] + " năm " + s[:4]
}

// figuresSentence is the month's count in the Government's words, the
// wording the pages show (web.FiguresSentence), inside a sentence.
func figuresSentence(f models.Figures) string {
	return strings.TrimSuffix(web.FiguresSentence("vi", f), ".")
}

// stateLabel is a state as documents print it: the pages' word.
func stateLabel(s models.WorkState) string {
	return web.T("vi", "state."+string(s))
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
	return words.VNDay(d)
}

// ongoing drops a leading "hoàn thành" from work still under way: "đang
// cải tạo tuyến mương", not "đang hoàn thành cải tạo tuyến mương".
func ongoing(body string) string {
	if rest, ok := strings.CutPrefix(body, "hoàn thành "); ok && rest != "" {
		return rest
	}
	return body
}
