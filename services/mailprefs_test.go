package services_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/outbox"
)

// tokenOf is the unsubscribe token in a queued copy's link.
func tokenOf(t *testing.T, m models.Message) string {
	t.Helper()
	u, err := url.Parse(m.Unsubscribe)
	if err != nil || u.Path != "/unsubscribe" || !strings.HasPrefix(m.Unsubscribe, remBaseURL) {
		t.Fatalf("unsubscribe link %q", m.Unsubscribe)
	}
	tok := u.Query().Get("token")
	if tok == "" || !strings.Contains(m.Text, m.Unsubscribe) || !strings.Contains(m.HTML, `href="`+m.Unsubscribe+`"`) {
		t.Fatalf("copy lacks its link %q in its bodies", m.Unsubscribe)
	}
	return tok
}

// The unsubscribe link of a digest turns that address's optional mail off;
// the unit's other address keeps getting it.
func TestUnsubscribeLinkStopsDigestsAndReminders(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Hội LHPN phường", "hoilhpn@phuong.example", "chutich.lhpn@phuong.example")
	c.task(u, "Tập huấn cán bộ chi hội", "2021-10-14")

	if sum := e.digests(e.svc, remAt(11, 7, 30)); !strings.Contains(sum, "unit digests 2,") {
		t.Fatalf("week 41: %s", sum)
	}
	var tok string
	for _, m := range e.digestMsgs("digest:unit:") {
		if m.To[0] == "chutich.lhpn@phuong.example" {
			tok = tokenOf(t, m)
		}
	}
	p, err := e.svc.MailPrefs.Unsubscribe(e.ctx, tok)
	if err != nil || p.Address != "chutich.lhpn@phuong.example" || p.Digest != models.DigestOff || p.Reminders {
		t.Fatalf("unsubscribe: %+v %v", p, err)
	}
	// Again (a second click): the same result, no error.
	if _, err := e.svc.MailPrefs.Unsubscribe(e.ctx, tok); err != nil {
		t.Fatal(err)
	}

	if sum := e.run(e.svc, remAt(11, 8, 0)); !strings.Contains(sum, "reminders queued 1,") {
		t.Errorf("reminder after unsubscribing: %s", sum) // due in 3 days: only the other address
	}
	if sum := e.digests(e.svc, remAt(18, 7, 30)); !strings.Contains(sum, "unit digests 1,") {
		t.Errorf("week 42: %s", sum)
	}
	for _, m := range e.outbox() {
		if m.To[0] == "chutich.lhpn@phuong.example" && !strings.Contains(m.Key, "2021-W41") {
			t.Errorf("%s went to the unsubscribed address", m.Key)
		}
	}

	for _, bad := range []string{"", "x", string(c.c.ID) + ".short", strings.Repeat("a", 200), tok + "x"} {
		if _, err := e.svc.MailPrefs.Unsubscribe(e.ctx, bad); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("token %q: %v, want not found", bad, err)
		}
	}
	if _, err := e.svc.MailPrefs.SetByToken(e.ctx, tok, outbox.MailPrefsInput{Digest: "hourly"}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("digest hourly: %v, want invalid", err)
	}
}

// A person who chose daily digests gets one every day at the digest time:
// the week's on its day, a daily edition on the others, never two a day.
func TestDailyDigestPreference(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	c.leaderUser("Bí thư", "bithu@phuong.example")
	u := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	c.task(u, "Tổ chức ra quân tình nguyện", "2021-10-25")
	users, err := e.svc.Users.List(e.ctx, c.admin)
	if err != nil || len(users) != 1 {
		t.Fatalf("users %v %v", users, err)
	}
	leader := models.Actor{UserID: users[0].ID, CommitteeID: c.c.ID, Role: models.RoleLeader}
	if p, err := e.svc.MailPrefs.Get(e.ctx, leader); err != nil || p.Digest != models.DigestWeekly || !p.Reminders {
		t.Fatalf("defaults %+v %v", p, err)
	}
	if _, err := e.svc.MailPrefs.Set(e.ctx, leader, outbox.MailPrefsInput{Digest: models.DigestDaily, Reminders: true}); err != nil {
		t.Fatal(err)
	}

	e.digests(e.svc, remAt(11, 7, 30)) // Monday: the week's, to both
	e.digests(e.svc, remAt(11, 9, 0))  // Monday again: nothing more
	if sum := e.digests(e.svc, remAt(12, 7, 29)); !strings.Contains(sum, "not yet time 1") {
		t.Errorf("Tuesday before 07:30: %s", sum)
	}
	if sum := e.digests(e.svc, remAt(12, 7, 30)); !strings.Contains(sum, "unit digests 0, leader digests 1,") {
		t.Errorf("Tuesday: %s", sum) // the unit's address keeps the weekly default
	}
	e.digests(e.svc, remAt(12, 20, 0))
	e.digests(e.svc, remAt(13, 7, 45))
	var leaderKeys []string
	for _, m := range e.digestMsgs("digest:leaders:") {
		leaderKeys = append(leaderKeys, m.Key)
		if m.To[0] != "bithu@phuong.example" {
			t.Errorf("to %v", m.To)
		}
	}
	want := []string{
		outbox.RecipientKey("digest:leaders:"+string(c.c.ID)+":2021-W41", "bithu@phuong.example"),
		outbox.RecipientKey("digest:leaders:"+string(c.c.ID)+":2021-10-12", "bithu@phuong.example"),
		outbox.RecipientKey("digest:leaders:"+string(c.c.ID)+":2021-10-13", "bithu@phuong.example"),
	}
	if strings.Join(leaderKeys, " ") != strings.Join(want, " ") {
		t.Errorf("leadership digests %v, want %v", leaderKeys, want)
	}
	daily := e.digestMsgs("digest:leaders:")[1]
	mustContain(t, "daily subject", daily.Subject, "Bản tin ngày 12/10/2021")
	if n := len(e.digestMsgs("digest:unit:")); n != 1 {
		t.Errorf("%d unit digests, want the week's only", n)
	}
}
