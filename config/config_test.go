package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func getenv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func ptr[T any](v T) *T { return &v }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(getenv(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Addr:                 ":8080",
		DataDir:              "./data",
		MongoDBDatabase:      "theodoi",
		Demo:                 true,
		BaseURL:              "http://localhost:8080",
		DueSoonDays:          3,
		SessionIdle:          12 * time.Hour,
		SessionMaxAge:        168 * time.Hour,
		MaxBodyBytes:         1048576,
		ImportMaxBytes:       10485760,
		SMTPTLS:              "starttls",
		SMTPFrom:             "theodoi@localhost",
		ReminderAt:           "07:30",
		ReminderDays:         []int{3, 1},
		ReminderOverdueEvery: 3,
		DigestWeekday:        1,
		DigestAt:             "07:30",
		NotifyWindow:         10 * time.Minute,
		CarryOverAt:          "00:30",
		CarryOverDeadline:    "keep_if_future",
		DispatchEvery:        30 * time.Second,
		BackupEvery:          24 * time.Hour,
		BackupKeep:           7,
		LoginRatePerMinute:   10,
		LogLevel:             "info",
		LogFormat:            "json",
		ShutdownTimeout:      15 * time.Second,
		StoreOpTimeout:       5 * time.Second,
		SQLiteSynchronous:    "full",
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", c, want)
	}
	if c.UsesMongo() || c.SecureCookies() {
		t.Errorf("defaults: UsesMongo=%v SecureCookies=%v, want false, false", c.UsesMongo(), c.SecureCookies())
	}
}

func TestLoadOverrides(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		check func(Config) bool
	}{
		{"addr", map[string]string{"THEODOI_ADDR": "127.0.0.1:9000"}, func(c Config) bool { return c.Addr == "127.0.0.1:9000" }},
		{"data dir", map[string]string{"THEODOI_DATA_DIR": "/var/lib/theodoi"}, func(c Config) bool { return c.DataDir == "/var/lib/theodoi" }},
		{"mongo", map[string]string{"THEODOI_MONGODB_URI": "mongodb://u:p@db:27017/?replicaSet=rs0", "THEODOI_MONGODB_DATABASE": "ward"},
			func(c Config) bool {
				return c.UsesMongo() && c.MongoDBURI.Value() == "mongodb://u:p@db:27017/?replicaSet=rs0" && c.MongoDBDatabase == "ward"
			}},
		{"mongo srv", map[string]string{"THEODOI_MONGODB_URI": "mongodb+srv://cluster.example.net"}, func(c Config) bool { return c.UsesMongo() }},
		{"demo off", map[string]string{"THEODOI_DEMO": "false"}, func(c Config) bool { return !c.Demo }},
		{"https base url makes cookies secure", map[string]string{"THEODOI_BASE_URL": "https://theodoi.example.vn/"},
			func(c Config) bool {
				return c.BaseURL == "https://theodoi.example.vn" && c.SecureCookies() && c.CookieSecure == nil
			}},
		{"cookie secure forced off", map[string]string{"THEODOI_BASE_URL": "https://theodoi.example.vn", "THEODOI_COOKIE_SECURE": "false"},
			func(c Config) bool { return !c.SecureCookies() && c.CookieSecure != nil }},
		{"cookie secure forced on", map[string]string{"THEODOI_COOKIE_SECURE": "true"}, func(c Config) bool { return c.SecureCookies() }},
		{"due soon 0", map[string]string{"THEODOI_DUE_SOON_DAYS": "0"}, func(c Config) bool { return c.DueSoonDays == 0 }},
		{"due soon 60", map[string]string{"THEODOI_DUE_SOON_DAYS": " 60 "}, func(c Config) bool { return c.DueSoonDays == 60 }},
		{"sessions", map[string]string{"THEODOI_SESSION_IDLE": "30m", "THEODOI_SESSION_MAX_AGE": "24h"},
			func(c Config) bool { return c.SessionIdle == 30*time.Minute && c.SessionMaxAge == 24*time.Hour }},
		{"body", map[string]string{"THEODOI_MAX_BODY_BYTES": "10485760"}, func(c Config) bool { return c.MaxBodyBytes == 10<<20 }},
		{"login rate", map[string]string{"THEODOI_LOGIN_RATE_PER_MINUTE": "5"}, func(c Config) bool { return c.LoginRatePerMinute == 5 }},
		{"log", map[string]string{"THEODOI_LOG_LEVEL": "DEBUG", "THEODOI_LOG_FORMAT": "text"},
			func(c Config) bool {
				return c.LogLevel == "debug" && c.LogFormat == "text" && c.SlogLevel().String() == "DEBUG"
			}},
		{"timeouts", map[string]string{"THEODOI_SHUTDOWN_TIMEOUT": "1m", "THEODOI_STORE_TIMEOUT": "250ms"},
			func(c Config) bool {
				return c.ShutdownTimeout == time.Minute && c.StoreOpTimeout == 250*time.Millisecond
			}},
		{"empty means default", map[string]string{"THEODOI_ADDR": "", "THEODOI_DUE_SOON_DAYS": "  "},
			func(c Config) bool { return c.Addr == ":8080" && c.DueSoonDays == 3 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(getenv(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("unexpected config %+v", c)
			}
		})
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"due soon not a number", map[string]string{"THEODOI_DUE_SOON_DAYS": "abc"}, []string{"THEODOI_DUE_SOON_DAYS", `"abc"`, "whole number"}},
		{"due soon negative", map[string]string{"THEODOI_DUE_SOON_DAYS": "-1"}, []string{"THEODOI_DUE_SOON_DAYS", "out of range 0-60"}},
		{"due soon too big", map[string]string{"THEODOI_DUE_SOON_DAYS": "61"}, []string{"THEODOI_DUE_SOON_DAYS"}},
		{"duration without unit", map[string]string{"THEODOI_SESSION_IDLE": "30"}, []string{"THEODOI_SESSION_IDLE", "duration"}},
		{"bad duration", map[string]string{"THEODOI_STORE_TIMEOUT": "soon"}, []string{"THEODOI_STORE_TIMEOUT", "duration"}},
		{"zero timeout", map[string]string{"THEODOI_SHUTDOWN_TIMEOUT": "0s"}, []string{"THEODOI_SHUTDOWN_TIMEOUT", "positive"}},
		{"idle longer than max age", map[string]string{"THEODOI_SESSION_IDLE": "200h"}, []string{"THEODOI_SESSION_IDLE", "THEODOI_SESSION_MAX_AGE"}},
		{"bad log level", map[string]string{"THEODOI_LOG_LEVEL": "verbose"}, []string{"THEODOI_LOG_LEVEL", `"verbose"`}},
		{"bad log format", map[string]string{"THEODOI_LOG_FORMAT": "xml"}, []string{"THEODOI_LOG_FORMAT"}},
		{"bad sqlite synchronous", map[string]string{"THEODOI_SQLITE_SYNCHRONOUS": "off"}, []string{"THEODOI_SQLITE_SYNCHRONOUS"}},
		{"bad bool", map[string]string{"THEODOI_DEMO": "yes please"}, []string{"THEODOI_DEMO", "true or false"}},
		{"bad cookie bool", map[string]string{"THEODOI_COOKIE_SECURE": "maybe"}, []string{"THEODOI_COOKIE_SECURE"}},
		{"bad addr", map[string]string{"THEODOI_ADDR": "8080"}, []string{"THEODOI_ADDR"}},
		{"bad base url", map[string]string{"THEODOI_BASE_URL": "theodoi.example.vn"}, []string{"THEODOI_BASE_URL"}},
		{"ftp base url", map[string]string{"THEODOI_BASE_URL": "ftp://theodoi.example.vn"}, []string{"THEODOI_BASE_URL"}},
		{"body too small", map[string]string{"THEODOI_MAX_BODY_BYTES": "10"}, []string{"THEODOI_MAX_BODY_BYTES"}},
		{"login rate zero", map[string]string{"THEODOI_LOGIN_RATE_PER_MINUTE": "0"}, []string{"THEODOI_LOGIN_RATE_PER_MINUTE"}},
		{"reminder time", map[string]string{"THEODOI_REMINDER_AT": "25:00"}, []string{"THEODOI_REMINDER_AT"}},
		{"carry-over time", map[string]string{"THEODOI_CARRYOVER_AT": "half past"}, []string{"THEODOI_CARRYOVER_AT"}},
		{"digest time", map[string]string{"THEODOI_DIGEST_AT": "7h30"}, []string{"THEODOI_DIGEST_AT"}},
		{"digest weekday", map[string]string{"THEODOI_DIGEST_WEEKDAY": "8"}, []string{"THEODOI_DIGEST_WEEKDAY"}},
		{"two public urls", map[string]string{"THEODOI_BASE_URL": "https://a.example", "THEODOI_PUBLIC_URL": "https://b.example"}, []string{"THEODOI_PUBLIC_URL", "THEODOI_BASE_URL"}},
		{"reminder days", map[string]string{"THEODOI_REMINDER_DAYS": "3,-1"}, []string{"THEODOI_REMINDER_DAYS"}},
		{"deadline rule", map[string]string{"THEODOI_CARRYOVER_DEADLINE": "never"}, []string{"THEODOI_CARRYOVER_DEADLINE"}},
		{"dispatch too often", map[string]string{"THEODOI_DISPATCH_EVERY": "1ms"}, []string{"THEODOI_DISPATCH_EVERY"}},
		{"backups too often, negative keep", map[string]string{"THEODOI_BACKUP_EVERY": "10m", "THEODOI_BACKUP_KEEP": "-1"}, []string{"THEODOI_BACKUP_EVERY", "THEODOI_BACKUP_KEEP"}},
		{"smtp tls", map[string]string{"THEODOI_SMTP_TLS": "ssl3"}, []string{"THEODOI_SMTP_TLS"}},
		{"mongo scheme", map[string]string{"THEODOI_MONGODB_URI": "postgres://u:hunter2@db"}, []string{"THEODOI_MONGODB_URI", "mongodb://"}},
		{"mongo database", map[string]string{"THEODOI_MONGODB_URI": "mongodb://db", "THEODOI_MONGODB_DATABASE": "the.odoi"}, []string{"THEODOI_MONGODB_DATABASE"}},
		{"several at once", map[string]string{"THEODOI_LOG_LEVEL": "loud", "THEODOI_LOG_FORMAT": "xml"}, []string{"THEODOI_LOG_LEVEL", "THEODOI_LOG_FORMAT"}},
		{"several parse errors", map[string]string{"THEODOI_DUE_SOON_DAYS": "x", "THEODOI_SESSION_IDLE": "y"}, []string{"THEODOI_DUE_SOON_DAYS", "THEODOI_SESSION_IDLE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(getenv(tt.env))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks the password: %q", err)
			}
		})
	}
}

func TestValidateLiteral(t *testing.T) {
	c, err := Load(getenv(nil))
	if err != nil {
		t.Fatal(err)
	}
	c.CookieSecure = ptr(true)
	if err := c.Validate(); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
	c.DataDir = ""
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "THEODOI_DATA_DIR") {
		t.Errorf("empty data dir without mongo: got %v", err)
	}
	c.MongoDBURI = "mongodb://localhost:27017"
	if err := c.Validate(); err != nil {
		t.Errorf("data dir is not needed with mongo: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	want := []string{
		"THEODOI_ADDR", "THEODOI_DATA_DIR", "THEODOI_SQLITE_SYNCHRONOUS", "THEODOI_MONGODB_URI", "THEODOI_MONGODB_DATABASE", "THEODOI_DEMO",
		"THEODOI_BASE_URL", "THEODOI_PUBLIC_URL", "THEODOI_DUE_SOON_DAYS", "THEODOI_SESSION_IDLE", "THEODOI_SESSION_MAX_AGE",
		"THEODOI_COOKIE_SECURE", "THEODOI_MAX_BODY_BYTES", "THEODOI_IMPORT_MAX_BYTES", "THEODOI_LOGIN_RATE_PER_MINUTE", "THEODOI_TRUSTED_PROXIES", "THEODOI_LOG_LEVEL",
		"THEODOI_LOG_FORMAT", "THEODOI_SMTP_HOST", "THEODOI_SMTP_PORT", "THEODOI_SMTP_TLS", "THEODOI_SMTP_USER",
		"THEODOI_SMTP_PASSWORD", "THEODOI_SMTP_FROM", "THEODOI_REMINDER_AT", "THEODOI_REMINDER_DAYS",
		"THEODOI_REMINDER_OVERDUE_EVERY", "THEODOI_DIGEST_WEEKDAY", "THEODOI_DIGEST_AT", "THEODOI_NOTIFY_WINDOW", "THEODOI_CARRYOVER_AT", "THEODOI_CARRYOVER_DEADLINE", "THEODOI_DISPATCH_EVERY",
		"THEODOI_BACKUP_DIR", "THEODOI_BACKUP_EVERY", "THEODOI_BACKUP_KEEP",
		"THEODOI_SHUTDOWN_TIMEOUT", "THEODOI_STORE_TIMEOUT",
	}
	vars := Describe()
	var got []string
	for _, v := range vars {
		got = append(got, v.Name)
		if v.Description == "" {
			t.Errorf("%s has no description", v.Name)
		}
		optional := map[string]bool{"THEODOI_MONGODB_URI": true, "THEODOI_SMTP_HOST": true, "THEODOI_SMTP_USER": true, "THEODOI_SMTP_PASSWORD": true}
		if v.Default == "" && !optional[v.Name] {
			t.Errorf("%s has no default", v.Name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Describe names:\n got %v\nwant %v", got, want)
	}
	// Every field is described, so nothing is configurable in secret.
	if n := reflect.TypeFor[Config]().NumField(); n != len(vars) {
		t.Errorf("Config has %d fields, Describe lists %d", n, len(vars))
	}
	// The documented defaults are the ones Load applies.
	defaults := map[string]string{}
	for _, v := range vars {
		if v.Name != "THEODOI_COOKIE_SECURE" && v.Name != "THEODOI_TRUSTED_PROXIES" && v.Name != "THEODOI_SMTP_PORT" && v.Name != "THEODOI_PUBLIC_URL" &&
			v.Name != "THEODOI_BACKUP_DIR" { // prose defaults
			defaults[v.Name] = v.Default
		}
	}
	fromDocs, err := Load(getenv(defaults))
	if err != nil {
		t.Fatal(err)
	}
	fromNothing, _ := Load(getenv(nil))
	if !reflect.DeepEqual(fromDocs, fromNothing) {
		t.Errorf("documented defaults differ from applied ones:\n%+v\n%+v", fromDocs, fromNothing)
	}
}

func TestPublicURLIsBaseURL(t *testing.T) {
	c, err := Load(getenv(map[string]string{"THEODOI_PUBLIC_URL": "https://theodoi.example.vn/"}))
	if err != nil || c.BaseURL != "https://theodoi.example.vn" || !c.SecureCookies() {
		t.Errorf("%+v %v", c.BaseURL, err)
	}
	c, err = Load(getenv(map[string]string{"THEODOI_PUBLIC_URL": "https://theodoi.example.vn", "THEODOI_BASE_URL": "https://theodoi.example.vn/"}))
	if err != nil || c.BaseURL != "https://theodoi.example.vn" {
		t.Errorf("both, equal: %+v %v", c.BaseURL, err)
	}
}

func TestBackupDirectory(t *testing.T) {
	c, err := Load(getenv(map[string]string{"THEODOI_DATA_DIR": "/srv/theodoi"}))
	if err != nil || c.BackupDirectory() != filepath.Join("/srv/theodoi", "backups") {
		t.Errorf("default: %q %v", c.BackupDirectory(), err)
	}
	c, err = Load(getenv(map[string]string{"THEODOI_BACKUP_DIR": "/mnt/usb/theodoi"}))
	if err != nil || c.BackupDirectory() != "/mnt/usb/theodoi" {
		t.Errorf("set: %q %v", c.BackupDirectory(), err)
	}
}
