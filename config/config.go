// Package config reads theodoi's settings from the environment. The Config
// struct is the single source: its tags give each variable's name, default
// and description, which Describe turns into `theodoi --help` and the
// README table.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/theodoi/theodoi/models"
)

// Config is every setting of a theodoi process. Build it with Load; a
// literal is fine in tests.
type Config struct {
	Addr    string `env:"THEODOI_ADDR" envDefault:":8080" doc:"Address the HTTP server listens on (host:port)."`
	DataDir string `env:"THEODOI_DATA_DIR" envDefault:"./data" doc:"Directory of the embedded SQLite database; used when THEODOI_MONGODB_URI is empty."`

	SQLiteSynchronous string `env:"THEODOI_SQLITE_SYNCHRONOUS" envDefault:"full" doc:"How the embedded store syncs to disk: full (an acknowledged write survives the process being killed and a power cut) or normal (about 15% faster writes; the last writes before a power cut or an OS crash may be lost)."`

	MongoDBURI      Secret `env:"THEODOI_MONGODB_URI" doc:"MongoDB connection string (mongodb:// or mongodb+srv://); empty means the embedded store. Never logged."`
	MongoDBDatabase string `env:"THEODOI_MONGODB_DATABASE" envDefault:"theodoi" doc:"MongoDB database name."`

	Demo    bool   `env:"THEODOI_DEMO" envDefault:"true" doc:"Seed a demo committee, its units, users and tasks into an empty store."`
	BaseURL string `env:"THEODOI_BASE_URL" envDefault:"http://localhost:8080" doc:"Public URL of the site, used in links in e-mails."`
	// PublicURL is another name for BaseURL; when both are set they must agree.
	PublicURL string `env:"THEODOI_PUBLIC_URL" docDefault:"THEODOI_BASE_URL" doc:"Same as THEODOI_BASE_URL (either name may be used)."`

	DueSoonDays int `env:"THEODOI_DUE_SOON_DAYS" envDefault:"3" doc:"Days before its deadline that a task counts as \"sắp đến hạn\" (0-60)."`

	SessionIdle   time.Duration `env:"THEODOI_SESSION_IDLE" envDefault:"12h" doc:"A session ends after this long without a request."`
	SessionMaxAge time.Duration `env:"THEODOI_SESSION_MAX_AGE" envDefault:"168h" doc:"A session ends this long after login, whatever the activity."`
	// CookieSecure is nil when the variable is unset: SecureCookies then
	// follows BaseURL.
	CookieSecure *bool `env:"THEODOI_COOKIE_SECURE" docDefault:"true if THEODOI_BASE_URL is https" doc:"Mark the session cookie Secure (sent over HTTPS only)."`

	MaxBodyBytes       int64 `env:"THEODOI_MAX_BODY_BYTES" envDefault:"1048576" doc:"Largest request body accepted, in bytes."`
	ImportMaxBytes     int64 `env:"THEODOI_IMPORT_MAX_BYTES" envDefault:"10485760" doc:"Largest resolution file (.docx or text) accepted for import, in bytes."`
	LoginRatePerMinute int   `env:"THEODOI_LOGIN_RATE_PER_MINUTE" envDefault:"10" doc:"Login attempts allowed per minute, per account and per client address."`

	TrustedProxies []string `env:"THEODOI_TRUSTED_PROXIES" envSeparator:"," docDefault:"none" doc:"Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed; empty trusts none (the client address is the connection's)."`

	LogLevel  string `env:"THEODOI_LOG_LEVEL" envDefault:"info" doc:"Log level: debug, info, warn or error."`
	LogFormat string `env:"THEODOI_LOG_FORMAT" envDefault:"json" doc:"Log format: json or text."`

	SMTPHost     string `env:"THEODOI_SMTP_HOST" doc:"SMTP relay for outgoing mail; empty writes every message as an .eml file under THEODOI_DATA_DIR/mail instead."`
	SMTPPort     int    `env:"THEODOI_SMTP_PORT" docDefault:"25, 587 or 465 by TLS mode" doc:"SMTP port."`
	SMTPTLS      string `env:"THEODOI_SMTP_TLS" envDefault:"starttls" doc:"SMTP security: none, starttls or tls."`
	SMTPUser     string `env:"THEODOI_SMTP_USER" doc:"SMTP user name, when the relay asks for one."`
	SMTPPassword Secret `env:"THEODOI_SMTP_PASSWORD" doc:"SMTP password. Never logged."`
	SMTPFrom     string `env:"THEODOI_SMTP_FROM" envDefault:"theodoi@localhost" doc:"Sender address of outgoing mail."`

	ReminderAt           string        `env:"THEODOI_REMINDER_AT" envDefault:"07:30" doc:"Local time (committee's time zone) from which each day's reminders (nhắc việc) go out, HH:MM."`
	ReminderDays         []int         `env:"THEODOI_REMINDER_DAYS" envSeparator:"," envDefault:"3,1" doc:"Days before a deadline on which a unit is reminded, comma-separated."`
	ReminderOverdueEvery int           `env:"THEODOI_REMINDER_OVERDUE_EVERY" envDefault:"3" doc:"An overdue task is repeated in reminders every this many days."`
	DigestWeekday        int           `env:"THEODOI_DIGEST_WEEKDAY" envDefault:"1" doc:"Day of the week the weekly digests (bản tin tuần) go out: 1 Monday … 7 Sunday. Addresses that chose daily digests get one on the other days too."`
	DigestAt             string        `env:"THEODOI_DIGEST_AT" envDefault:"07:30" doc:"Local time from which the digests go out, HH:MM."`
	NotifyWindow         time.Duration `env:"THEODOI_NOTIFY_WINDOW" envDefault:"10m" doc:"How long follow-up events for one address (a task assigned, a chase note, work awaiting acceptance…) are gathered into one e-mail, from 1m to 24h."`
	CarryOverAt          string        `env:"THEODOI_CARRYOVER_AT" envDefault:"00:30" doc:"Local time on the 1st when the previous month is carried over (kết thúc tháng), HH:MM."`
	CarryOverDeadline    string        `env:"THEODOI_CARRYOVER_DEADLINE" envDefault:"keep_if_future" doc:"Deadline of a carried task: keep_if_future (else the end of the new month) or end_of_month."`
	DispatchEvery        time.Duration `env:"THEODOI_DISPATCH_EVERY" envDefault:"30s" doc:"How often queued mail is delivered."`

	BackupDir   string        `env:"THEODOI_BACKUP_DIR" docDefault:"THEODOI_DATA_DIR/backups" doc:"Directory of the embedded database's automatic copies."`
	BackupEvery time.Duration `env:"THEODOI_BACKUP_EVERY" envDefault:"24h" doc:"A new copy of the embedded database is made when the newest is this old (checked hourly and at start)."`
	BackupKeep  int           `env:"THEODOI_BACKUP_KEEP" envDefault:"7" doc:"How many copies are kept, the newest; 0 turns automatic copies off."`

	ShutdownTimeout time.Duration `env:"THEODOI_SHUTDOWN_TIMEOUT" envDefault:"15s" doc:"How long a shutdown waits for requests and jobs in flight."`
	StoreOpTimeout  time.Duration `env:"THEODOI_STORE_TIMEOUT" envDefault:"5s" doc:"Time limit of one storage operation."`
}

// Limits that Validate enforces.
const (
	MaxDueSoonDays     = 60
	minMaxBodyBytes    = 1 << 10
	maxMaxBodyBytes    = 1 << 30
	maxLoginRatePerMin = 1000
)

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests) and validates it. An unset or empty variable takes its default;
// surrounding spaces are ignored. The error names every bad variable.
func Load(getenv func(string) string) (Config, error) {
	environment := make(map[string]string)
	for _, name := range names() {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			environment[name] = v
		}
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: environment}); err != nil {
		return Config{}, parseErrors(err, environment)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.PublicURL = strings.TrimRight(c.PublicURL, "/"); c.PublicURL != "" {
		if _, set := environment["THEODOI_BASE_URL"]; set && c.PublicURL != c.BaseURL {
			return Config{}, fmt.Errorf("THEODOI_PUBLIC_URL (%s) and THEODOI_BASE_URL (%s) differ: set one of them", c.PublicURL, c.BaseURL)
		}
		c.BaseURL = c.PublicURL
	}
	c.LogLevel = strings.ToLower(c.LogLevel)
	c.LogFormat = strings.ToLower(c.LogFormat)
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks ranges and formats, naming the variable of each problem.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}

	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("THEODOI_ADDR", "%q is not host:port (for example \":8080\")", c.Addr)
	}
	if c.UsesMongo() {
		// Never echo the URI: it may hold a password.
		uri := c.MongoDBURI.Value()
		if !strings.HasPrefix(uri, "mongodb://") && !strings.HasPrefix(uri, "mongodb+srv://") {
			bad("THEODOI_MONGODB_URI", "must start with mongodb:// or mongodb+srv://")
		} else if _, err := url.Parse(uri); err != nil {
			bad("THEODOI_MONGODB_URI", "is not a valid URI")
		}
		if msg := checkDatabaseName(c.MongoDBDatabase); msg != "" {
			bad("THEODOI_MONGODB_DATABASE", "%s", msg)
		}
	} else if strings.TrimSpace(c.DataDir) == "" {
		bad("THEODOI_DATA_DIR", "required when THEODOI_MONGODB_URI is empty")
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		bad("THEODOI_BASE_URL", "%q is not an http(s) URL such as https://theodoi.example.vn", c.BaseURL)
	}
	if c.ImportMaxBytes < minMaxBodyBytes || c.ImportMaxBytes > 100<<20 {
		bad("THEODOI_IMPORT_MAX_BYTES", "%d is out of range %d-%d", c.ImportMaxBytes, minMaxBodyBytes, 100<<20)
	}
	for _, p := range c.TrustedProxies {
		p = strings.TrimSpace(p)
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			bad("THEODOI_TRUSTED_PROXIES", "%q is not an IP address or CIDR", p)
		}
	}
	if c.SQLiteSynchronous != "normal" && c.SQLiteSynchronous != "full" {
		bad("THEODOI_SQLITE_SYNCHRONOUS", "%q is not normal or full", c.SQLiteSynchronous)
	}
	if c.DueSoonDays < 0 || c.DueSoonDays > MaxDueSoonDays {
		bad("THEODOI_DUE_SOON_DAYS", "%d is out of range 0-%d", c.DueSoonDays, MaxDueSoonDays)
	}
	if c.SessionIdle <= 0 {
		bad("THEODOI_SESSION_IDLE", "must be positive, got %s", c.SessionIdle)
	}
	if c.SessionMaxAge <= 0 {
		bad("THEODOI_SESSION_MAX_AGE", "must be positive, got %s", c.SessionMaxAge)
	} else if c.SessionIdle > c.SessionMaxAge {
		bad("THEODOI_SESSION_IDLE", "%s is longer than THEODOI_SESSION_MAX_AGE (%s)", c.SessionIdle, c.SessionMaxAge)
	}
	if c.MaxBodyBytes < minMaxBodyBytes || c.MaxBodyBytes > maxMaxBodyBytes {
		bad("THEODOI_MAX_BODY_BYTES", "%d is out of range %d-%d", c.MaxBodyBytes, minMaxBodyBytes, maxMaxBodyBytes)
	}
	if c.LoginRatePerMinute < 1 || c.LoginRatePerMinute > maxLoginRatePerMin {
		bad("THEODOI_LOGIN_RATE_PER_MINUTE", "%d is out of range 1-%d", c.LoginRatePerMinute, maxLoginRatePerMin)
	}
	if _, ok := logLevels[c.LogLevel]; !ok {
		bad("THEODOI_LOG_LEVEL", "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		bad("THEODOI_LOG_FORMAT", "%q is not json or text", c.LogFormat)
	}
	switch c.SMTPTLS {
	case "none", "starttls", "tls":
	default:
		bad("THEODOI_SMTP_TLS", "%q must be none, starttls or tls", c.SMTPTLS)
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		bad("THEODOI_SMTP_PORT", "%d is not a port", c.SMTPPort)
	}
	if _, ok := models.NormalizeEmail(c.SMTPFrom); !ok {
		bad("THEODOI_SMTP_FROM", "%q is not an e-mail address", c.SMTPFrom)
	}
	if _, err := ClockTime(c.ReminderAt); err != nil {
		bad("THEODOI_REMINDER_AT", "%q is not a time of day HH:MM", c.ReminderAt)
	}
	if _, err := ClockTime(c.DigestAt); err != nil {
		bad("THEODOI_DIGEST_AT", "%q is not a time of day HH:MM", c.DigestAt)
	}
	if c.NotifyWindow < time.Minute || c.NotifyWindow > 24*time.Hour {
		bad("THEODOI_NOTIFY_WINDOW", "%s is out of range 1m-24h", c.NotifyWindow)
	}
	if c.DigestWeekday < 1 || c.DigestWeekday > 7 {
		bad("THEODOI_DIGEST_WEEKDAY", "%d is not a day of the week 1 (Monday) to 7 (Sunday)", c.DigestWeekday)
	}
	if _, err := ClockTime(c.CarryOverAt); err != nil {
		bad("THEODOI_CARRYOVER_AT", "%q is not a time of day HH:MM", c.CarryOverAt)
	}
	for _, d := range c.ReminderDays {
		if d < 0 || d > 60 {
			bad("THEODOI_REMINDER_DAYS", "%d is out of range 0-60", d)
		}
	}
	if c.ReminderOverdueEvery < 1 || c.ReminderOverdueEvery > 60 {
		bad("THEODOI_REMINDER_OVERDUE_EVERY", "%d is out of range 1-60", c.ReminderOverdueEvery)
	}
	if c.CarryOverDeadline != "keep_if_future" && c.CarryOverDeadline != "end_of_month" {
		bad("THEODOI_CARRYOVER_DEADLINE", "%q must be keep_if_future or end_of_month", c.CarryOverDeadline)
	}
	if c.DispatchEvery < time.Second || c.DispatchEvery > time.Hour {
		bad("THEODOI_DISPATCH_EVERY", "%s is out of range 1s-1h", c.DispatchEvery)
	}
	if c.BackupEvery < time.Hour || c.BackupEvery > 31*24*time.Hour {
		bad("THEODOI_BACKUP_EVERY", "%s is out of range 1h-744h", c.BackupEvery)
	}
	if c.BackupKeep < 0 || c.BackupKeep > 1000 {
		bad("THEODOI_BACKUP_KEEP", "%d is out of range 0-1000", c.BackupKeep)
	}
	if c.ShutdownTimeout <= 0 {
		bad("THEODOI_SHUTDOWN_TIMEOUT", "must be positive, got %s", c.ShutdownTimeout)
	}
	if c.StoreOpTimeout <= 0 {
		bad("THEODOI_STORE_TIMEOUT", "must be positive, got %s", c.StoreOpTimeout)
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %w", errors.Join(errs...))
}

// BackupDirectory is where the embedded database's copies go:
// THEODOI_BACKUP_DIR, or "backups" in the data directory.
func (c Config) BackupDirectory() string {
	if strings.TrimSpace(c.BackupDir) != "" {
		return c.BackupDir
	}
	return filepath.Join(c.DataDir, "backups")
}

// UsesMongo reports whether the MongoDB store is configured; otherwise the
// embedded store in DataDir is used.
func (c Config) UsesMongo() bool { return c.MongoDBURI != "" }

// SecureCookies resolves THEODOI_COOKIE_SECURE: its value when set, else
// whether BaseURL is https.
func (c Config) SecureCookies() bool {
	if c.CookieSecure != nil {
		return *c.CookieSecure
	}
	return strings.HasPrefix(strings.ToLower(c.BaseURL), "https://")
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug,
	"info":  slog.LevelInfo,
	"warn":  slog.LevelWarn,
	"error": slog.LevelError,
}

// SlogLevel is LogLevel for slog.HandlerOptions (info if unknown).
func (c Config) SlogLevel() slog.Level {
	return logLevels[strings.ToLower(c.LogLevel)]
}

// checkDatabaseName applies MongoDB's rules for database names.
func checkDatabaseName(name string) string {
	switch {
	case name == "":
		return "required when THEODOI_MONGODB_URI is set"
	case len(name) > 63:
		return "longer than 63 bytes"
	case strings.ContainsAny(name, "/\\. \"$*<>:|?\x00"):
		return fmt.Sprintf("%q contains a character MongoDB does not allow in database names", name)
	}
	return ""
}

// EnvVar documents one environment variable.
type EnvVar struct {
	Name        string
	Default     string
	Description string
}

// Describe lists the variables in declaration order, for --help and the README.
func Describe() []EnvVar {
	t := reflect.TypeFor[Config]()
	vars := make([]EnvVar, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name := envName(f)
		if name == "" {
			continue
		}
		def, ok := f.Tag.Lookup("docDefault")
		if !ok {
			def = f.Tag.Get("envDefault")
		}
		vars = append(vars, EnvVar{Name: name, Default: def, Description: f.Tag.Get("doc")})
	}
	return vars
}

func envName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
	return name
}

func names() []string {
	vars := Describe()
	out := make([]string, len(vars))
	for i, v := range vars {
		out[i] = v.Name
	}
	return out
}

// parseErrors rewrites the env library's errors, which name Go fields, to
// name the variables instead.
func parseErrors(err error, environment map[string]string) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("configuration: %w", err)
	}
	t := reflect.TypeFor[Config]()
	var errs []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			errs = append(errs, e)
			continue
		}
		f, ok := t.FieldByName(pe.Name)
		if !ok {
			errs = append(errs, e)
			continue
		}
		name := envName(f)
		value := fmt.Sprintf("%q", environment[name])
		if f.Type == reflect.TypeFor[Secret]() {
			value = redacted
		}
		errs = append(errs, fmt.Errorf("%s: %s is not %s", name, value, expected(f.Type)))
	}
	return fmt.Errorf("configuration: %w", errors.Join(errs...))
}

func expected(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return "a duration such as 90s, 15m or 12h"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "a whole number"
	}
	return "a valid " + t.String()
}

// ClockTime reads "HH:MM" as the time since midnight.
func ClockTime(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
