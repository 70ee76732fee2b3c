package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/theodoi/theodoi/config"
	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/jobs"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/mongo"
	"github.com/theodoi/theodoi/store/sqlite"
)

// loadConfig reads the environment, then lets --addr and --data-dir win.
func loadConfig(env *environment, name string, args []string, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("theodoi "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() { printUsage(env.stderr) }
	addr := fs.String("addr", "", "listen address (THEODOI_ADDR)")
	dataDir := fs.String("data-dir", "", "data directory of the embedded store (THEODOI_DATA_DIR)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return config.Config{}, nil, err
	}
	cfg, err := config.Load(func(k string) string {
		switch {
		case k == "THEODOI_ADDR" && *addr != "":
			return *addr
		case k == "THEODOI_DATA_DIR" && *dataDir != "":
			return *dataDir
		}
		return env.getenv(k)
	})
	return cfg, fs, err
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// openStore picks MongoDB when a URI is configured, else the embedded store.
func openStore(ctx context.Context, cfg config.Config) (store.Store, string, error) {
	if cfg.UsesMongo() {
		st, err := mongo.Open(ctx, cfg.MongoDBURI.Value(), mongo.Options{Database: cfg.MongoDBDatabase, OpTimeout: cfg.StoreOpTimeout})
		return st, "mongodb", err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "theodoi.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{OpTimeout: cfg.StoreOpTimeout, Synchronous: cfg.SQLiteSynchronous})
	return st, "sqlite:" + path, err
}

// storeLike is the store the services run on.
type storeLike = store.Store

// newServices is for commands that send no mail.
func newServices(st store.Store, cfg config.Config, log *slog.Logger) *services.Services {
	return newServicesWith(st, cfg, log, nil)
}

func serve(ctx context.Context, env *environment, args []string) error {
	cfg, _, err := loadConfig(env, "serve", args, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.stderr)
	st, where, err := openStore(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer st.Close()
	m, mailTo, err := newMailer(cfg)
	if err != nil {
		return fmt.Errorf("mail: %w", describe(err))
	}
	if cfg.Demo {
		if err := loadDemoIfEmpty(ctx, env, st, cfg, log, env.stdout); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	svc := newServicesWith(st, cfg, log, m)
	if err := offerSetup(ctx, svc, cfg, env.stdout); err != nil {
		return fmt.Errorf("first-run setup: %w", err)
	}

	sched := jobs.New(log, time.Now)
	if err := scheduleJobs(sched, svc, st, cfg, log); err != nil {
		return err
	}
	handler := handlers.New(handlers.Deps{
		Services: svc, Logger: log, Ready: st.Ping, MailTo: mailTo,
		JobStates: func(ctx context.Context) []models.JobState { return sharedJobStates(ctx, sched, svc, log) },
		Options: handlers.Options{MaxBodyBytes: cfg.MaxBodyBytes, CookieSecure: cfg.SecureCookies(), SessionMaxAge: cfg.SessionMaxAge,
			TrustedProxies: cfg.TrustedProxies, ImportMaxBytes: cfg.ImportMaxBytes},
	})
	srv := &http.Server{
		Addr: cfg.Addr, Handler: handler,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", where, "mail", mailTo, "version", version)
	fmt.Fprintf(env.stdout, "theodoi đang chạy tại / serving on %s\n", displayURL(cfg, ln.Addr()))

	sched.Start()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	svc.Auth.Settle() // reset links asked for before the last answers
	if err := sched.Stop(sctx); err != nil {
		return fmt.Errorf("stopping jobs: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayURL(cfg config.Config, addr net.Addr) string {
	if cfg.BaseURL != "http://localhost:8080" {
		return cfg.BaseURL
	}
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return fmt.Sprintf("http://localhost:%d", tcp.Port)
	}
	return cfg.BaseURL
}

// offerSetup prints, when the store has no committee yet, the one-time
// address of the setup page (and the command-line way).
func offerSetup(ctx context.Context, svc *services.Services, cfg config.Config, out io.Writer) error {
	has, err := svc.Setup.HasCommittee(ctx)
	if err != nil || has {
		return err
	}
	token, expires, err := svc.Setup.IssueToken(ctx)
	if err != nil {
		return err
	}
	link := strings.TrimRight(cfg.BaseURL, "/") + "/setup?token=" + token
	fmt.Fprintf(out, "\nChưa có Đảng ủy nào. Thiết lập Đảng ủy và tài khoản quản trị đầu tiên tại (dùng một lần, đến %s UTC):\n", expires.UTC().Format("2006-01-02 15:04"))
	fmt.Fprintf(out, "No committee yet. Set up the committee and its first administrator at (one use, until %s UTC):\n\n  %s\n\n", expires.UTC().Format("2006-01-02 15:04"), link)
	fmt.Fprintln(out, "Hoặc dùng dòng lệnh / or from the command line: theodoi init --committee \"Đảng ủy phường …\" --admin-email … --admin-name … (theodoi help)")
	return nil
}
