package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
)

func TestCoordinatingReportDoesNotMoveTask(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	path := "/api/v1/tasks/" + string(v.ID)
	var task taskJSON
	if st := e.do("unitCoord", "POST", path+"/progress", map[string]any{"percent": 80, "note": "Đoàn đã huy động 20 đoàn viên"}, &task); st != 200 {
		t.Fatalf("coordinating report: %d", st)
	}
	if task.State != "chua_thuc_hien" || task.Percent != 0 {
		t.Errorf("task moved by a coordinating unit: %+v", task)
	}
	if st := e.do("unitCoord", "POST", path+"/progress", map[string]any{"state": "cho_xac_nhan"}, nil); st != 403 {
		t.Errorf("coordinating unit reporting done: %d, want 403", st)
	}
	var hist struct{ Items []struct{ Percent int } }
	e.do("leader", "GET", path+"/progress", nil, &hist)
	if len(hist.Items) != 1 || hist.Items[0].Percent != 80 {
		t.Errorf("history: %+v", hist.Items)
	}
}

func TestReopenCancelAndStates(t *testing.T) {
	e := newTestEnv(t)
	done := e.task(models.StateDone)
	var task taskJSON
	if st := e.do("leader", "POST", "/api/v1/tasks/"+string(done.ID)+"/reopen", map[string]any{"note": "Cần bổ sung báo cáo"}, &task); st != 200 || task.State != "dang_thuc_hien" || task.Timeliness != "trong_han" {
		t.Fatalf("reopen: %d %+v", st, task)
	}
	if st := e.do("leader", "POST", "/api/v1/tasks/"+string(done.ID)+"/accept", nil, nil); st != 422 {
		t.Errorf("accepting a task nobody reported done: %d, want 422", st)
	}
	open := e.task(models.StateNotStarted)
	path := "/api/v1/tasks/" + string(open.ID)
	if st := e.do("leader", "POST", path+"/cancel", map[string]any{"version": open.Version + 5}, nil); st != 409 {
		t.Errorf("cancel with a stale version: %d, want 409", st)
	}
	task = taskJSON{}
	if st := e.do("leader", "POST", path+"/cancel", map[string]any{"note": "Không còn phù hợp"}, &task); st != 200 || task.State != "huy" || task.Timeliness != "" {
		t.Fatalf("cancel: %d %+v", st, task)
	}
	if st := e.do("unitLead", "POST", path+"/progress", map[string]any{"percent": 10}, nil); st != 422 {
		t.Errorf("report on a cancelled task: %d, want 422", st)
	}
	if st := e.do("leader", "PATCH", path, map[string]any{"version": task.Version, "text": "x"}, nil); st != 422 {
		t.Errorf("editing a cancelled task: %d, want 422", st)
	}
	if st := e.do("leader", "POST", path+"/reopen", nil, &task); st != 200 || task.State != "chua_thuc_hien" {
		t.Fatalf("reopen cancelled: %d %+v", st, task)
	}
	if st := e.do("leader", "PATCH", path, map[string]any{"version": task.Version, "state": "tam_dung", "note": "Chờ kinh phí"}, &task); st != 200 || task.State != "tam_dung" {
		t.Fatalf("pause: %d %+v", st, task)
	}
	if st := e.do("leader", "PATCH", path, map[string]any{"version": task.Version, "state": "hoan_thanh"}, nil); st != 422 {
		t.Errorf("setting hoan_thanh by edit: %d, want 422", st)
	}
	version := task.Version
	task = taskJSON{}
	if st := e.do("leader", "PATCH", path, map[string]any{"version": version, "deadline": ""}, &task); st != 200 || task.Deadline != "" || task.Timeliness != "khong_thoi_han" {
		t.Errorf("clearing the deadline: %d %+v", st, task)
	}
}

func TestClosedPeriodTakesNoTasks(t *testing.T) {
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	var p struct{ Version int64 }
	var periods struct {
		Items []struct {
			Month   string
			Version int64
		}
	}
	e.do("leader", "GET", "/api/v1/periods", nil, &periods)
	if len(periods.Items) != 1 || periods.Items[0].Month != "2021-10" {
		t.Fatalf("periods: %+v", periods.Items)
	}
	if st := e.do("leader", "PATCH", "/api/v1/periods/2021-10", map[string]any{"version": periods.Items[0].Version, "status": "closed"}, &p); st != 200 {
		t.Fatalf("close: %d", st)
	}
	var out map[string]any
	if st := e.do("leader", "POST", "/api/v1/tasks", map[string]any{"period": "2021-10", "areaId": e.areaID, "text": "Muộn", "leadUnitId": e.units["lead"]}, &out); st != 422 {
		t.Errorf("task in a closed month: %d %v", st, out)
	}
	if st := e.do("leader", "POST", "/api/v1/periods", map[string]any{"month": "2021-10"}, nil); st != 422 {
		t.Errorf("duplicate month: %d, want 422", st)
	}
}

func TestSessions(t *testing.T) {
	e := newTestEnv(t)
	// Logout revokes the token.
	tok := e.login("viewer@thu.example")
	e.tokens["v2"] = tok
	if st := e.do("v2", "POST", "/api/v1/auth/logout", nil, nil); st != 204 {
		t.Fatalf("logout: %d", st)
	}
	if st := e.do("v2", "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("revoked token: %d, want 401", st)
	}
	// Disabling a user ends their sessions at once.
	var users struct {
		Items []struct {
			ID, Email string
			Version   int64
		}
	}
	e.do("admin", "GET", "/api/v1/users", nil, &users)
	for _, u := range users.Items {
		if u.Email == "office@thu.example" {
			if st := e.do("admin", "PATCH", "/api/v1/users/"+u.ID, map[string]any{"version": u.Version, "disabled": true}, nil); st != 200 {
				t.Fatalf("disable: %d", st)
			}
		}
	}
	if st := e.do("office", "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("disabled user's session: %d, want 401", st)
	}
	var body map[string]any
	if st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": "office@thu.example", "password": testPassword}, &body); st != 401 {
		t.Errorf("disabled user login: %d", st)
	}
	if st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": "leader@thu.example", "password": "sai mật khẩu"}, &body); st != 401 || body["code"] != "unauthenticated" {
		t.Errorf("wrong password: %d %v", st, body)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newTestEnvWith(t, services.Options{LoginRatePerMinute: 10}) // setup logs in 9 users from this address
	limited := false
	for i := 0; i < 20 && !limited; i++ {
		var body map[string]any
		st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": "leader@thu.example", "password": "đoán-thử"}, &body)
		limited = st == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("no 429 after many failed logins")
	}
}

func TestCookieSessionAndCrossOrigin(t *testing.T) {
	e := newTestEnv(t)
	login := `{"email":"leader@thu.example","password":"` + testPassword + `"}`
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/auth/login", strings.NewReader(login))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "theodoi_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	send := func(site string) int {
		body := `{"period":"2021-10","areaId":"` + string(e.areaID) + `","text":"Qua cookie","leadUnitId":"` + string(e.units["lead"]) + `"}`
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/tasks", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(cookie)
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if st := send("cross-site"); st != 403 {
		t.Errorf("cross-site request with the cookie: %d, want 403", st)
	}
	if st := send("same-origin"); st != 201 {
		t.Errorf("same-origin request with the cookie: %d, want 201", st)
	}
}

func TestErrorsSpeakTheUsersLanguage(t *testing.T) {
	e := newTestEnv(t)
	for lang, want := range map[string]string{"en-US,en;q=0.9": "Not found", "vi": "Không tìm thấy", "": "Không tìm thấy"} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/nowhere", nil)
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		_ = decodeJSON(res, &body)
		if res.StatusCode != 404 || body["error"] != want || res.Header.Get("X-Request-Id") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%q: %d %v %v", lang, res.StatusCode, body, res.Header)
		}
	}
}

// TestForwardedForIsNotTrusted: without configured proxies a client cannot
// dodge the per-address login limit by inventing X-Forwarded-For.
func TestForwardedForIsNotTrusted(t *testing.T) {
	e := newTestEnvWith(t, services.Options{LoginRatePerMinute: 10})
	limited := false
	for i := 0; i < 20 && !limited; i++ {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/auth/login", strings.NewReader(`{"email":"x`+strconv.Itoa(i)+`@thu.example","password":"sai"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "10.0.0."+strconv.Itoa(i))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		limited = res.StatusCode == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("X-Forwarded-For reset the per-address limit")
	}
}
