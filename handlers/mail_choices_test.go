package handlers_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// selected is the value of the option chosen in the select with id.
func selected(t *testing.T, body, id string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</select>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no select #%s", id)
	}
	if s := regexp.MustCompile(`<option value="([a-z]+)" selected>`).FindStringSubmatch(m[1]); s != nil {
		return s[1]
	}
	return ""
}

type mailPrefsAnswer struct {
	Digest    string
	Reminders bool
	Notify    map[string]string
	Code      string
	Fields    map[string]string
}

// TestProfileMailChoices: the profile page offers, for every kind of
// follow-up event, mail at once, in the daily digest or none; the choice
// saved there is what the API reads, and the API's choice what the page
// shows.
func TestProfileMailChoices(t *testing.T) {
	e := newTestEnv(t)
	b := e.signIn("unitLead")
	p := b.get("/profile")
	for _, want := range []string{"Được giao nhiệm vụ", "Được thêm làm đơn vị phối hợp", "Thời hạn hoặc nội dung thay đổi", "Ý kiến đôn đốc",
		"Đơn vị báo cáo tiến độ", "Đơn vị báo cáo hoàn thành (chờ xác nhận)", "Nhiệm vụ được xác nhận hoàn thành", "Nhiệm vụ bị mở lại",
		"Nhiệm vụ bị hủy", "Gửi ngay", "Gộp vào bản tin hằng ngày", "Không gửi thư (chỉ xem trong ứng dụng)"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("profile page lacks %q", want)
		}
	}
	// Carried tasks are mailed by the carry-over notice: no choice.
	if strings.Contains(p.body, "Nhiệm vụ chuyển sang tháng sau") {
		t.Errorf("profile page offers a mail choice for carried tasks")
	}
	// Until chosen, each kind shows its default.
	for _, k := range models.MailedNoticeKinds {
		if got := selected(t, p.body, "ml-notify-"+string(k)); got != string(models.DefaultNotifyMode(k)) {
			t.Errorf("%s: %q selected, default is %s", k, got, models.DefaultNotifyMode(k))
		}
	}

	form := formValues(t, p.body, "/profile/mail")
	if len(form["notify-assigned"]) != 1 {
		t.Fatalf("mail form: %v", form)
	}
	form.Set("notify-chase", "off")
	form.Set("notify-progress", "now")
	form.Set("digest", "daily")
	p = b.post("/profile/mail", form)
	if p.status != 200 || p.path != "/profile?notice=mail_saved" {
		t.Fatalf("save: %d at %s", p.status, p.path)
	}
	if got := selected(t, p.body, "ml-notify-chase"); got != "off" {
		t.Errorf("chase after saving: %q", got)
	}
	var prefs mailPrefsAnswer
	if st := e.do("unitLead", "GET", "/api/v1/me/mail", nil, &prefs); st != 200 || prefs.Digest != "daily" || len(prefs.Notify) != len(models.MailedNoticeKinds) ||
		prefs.Notify["chase"] != "off" || prefs.Notify["progress"] != "now" || prefs.Notify["assigned"] != "now" {
		t.Errorf("API after the page: %d %+v", st, prefs)
	}

	// The API names one kind: the others keep their choice.
	prefs = mailPrefsAnswer{}
	if st := e.do("unitLead", "PUT", "/api/v1/me/mail", map[string]any{"digest": "weekly", "reminders": true, "notify": map[string]string{"assigned": "digest"}}, &prefs); st != 200 ||
		prefs.Notify["assigned"] != "digest" || prefs.Notify["chase"] != "off" || prefs.Digest != "weekly" {
		t.Errorf("API set: %d %+v", st, prefs)
	}
	// Without notify, nothing changes there.
	if st := e.do("unitLead", "PUT", "/api/v1/me/mail", map[string]any{"digest": "weekly", "reminders": false}, &prefs); st != 200 || prefs.Notify["assigned"] != "digest" {
		t.Errorf("API set without notify: %d %+v", st, prefs)
	}
	p = b.get("/profile")
	if got := selected(t, p.body, "ml-notify-assigned"); got != "digest" {
		t.Errorf("page after the API: %q", got)
	}

	for name, body := range map[string]any{
		"unknown mode": map[string]any{"digest": "weekly", "reminders": true, "notify": map[string]string{"chase": "sometimes"}},
		"unknown kind": map[string]any{"digest": "weekly", "reminders": true, "notify": map[string]string{"gossip": "now"}},
	} {
		prefs = mailPrefsAnswer{}
		if st := e.do("unitLead", "PUT", "/api/v1/me/mail", body, &prefs); st != 422 || prefs.Code != "invalid" {
			t.Errorf("%s: %d %+v", name, st, prefs)
		}
	}

	// A forged choice on the page: refused, said in words, the rest kept.
	form = formValues(t, p.body, "/profile/mail")
	form.Set("notify-chase", "sometimes")
	p = b.post("/profile/mail", form)
	if p.status != 422 || !strings.Contains(p.body, "Cách nhận thư chưa hợp lệ") || !strings.Contains(p.body, `aria-describedby="ml-notify-chase-error"`) {
		t.Errorf("forged choice: %d %s", p.status, p.body)
	}
	if st := e.do("unitLead", "GET", "/api/v1/me/mail", nil, &prefs); st != 200 || prefs.Notify["chase"] != "off" {
		t.Errorf("after the refused choice: %+v", prefs)
	}
}

// TestUnsubscribePageNotifyChoices: a unit's mailbox, which has no
// account, chooses how it hears of follow-up events through the link at
// the foot of its mail.
func TestUnsubscribePageNotifyChoices(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	prefs, err := e.store.MailPrefs().Ensure(ctx, models.MailPrefs{CommitteeID: e.actors["leader"].CommitteeID, Address: "phunu@phuong.example",
		Digest: models.DigestWeekly, Reminders: true, Token: string(e.actors["leader"].CommitteeID) + ".abcdefghijklmnopqrstuvwxyz012345", Version: 1, UpdatedAt: e.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	p := b.get("/unsubscribe?token=" + prefs.Token)
	if p.status != 200 || selected(t, p.body, "ml-notify-assigned") != "now" || strings.Contains(p.body, "Nhiệm vụ chuyển sang tháng sau") {
		t.Fatalf("unsubscribe page: %d, assigned %q", p.status, selected(t, p.body, "ml-notify-assigned"))
	}
	// The page's second form, as a person fills it in.
	form := url.Values{"action": {"choose"}, "digest": {"weekly"}, "reminders": {"on"}, "notify-assigned": {"digest"}, "notify-chase": {"off"}}
	if p = b.post("/unsubscribe?token="+prefs.Token, form); p.status != 200 {
		t.Fatalf("save: %d", p.status)
	}
	got, err := e.store.MailPrefs().Get(ctx, prefs.CommitteeID, prefs.Address)
	if err != nil || got.NotifyMode(models.NoticeAssigned) != models.NotifyDigest || got.NotifyMode(models.NoticeChase) != models.NotifyOff ||
		got.NotifyMode(models.NoticeAwaiting) != models.NotifyNow || got.Digest != models.DigestWeekly {
		t.Errorf("stored: %+v %v", got, err)
	}
}
