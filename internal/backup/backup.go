// Package backup keeps copies of the embedded store in a directory (the
// database file, and beside it what the store keeps outside the database):
// one now and then (when the newest is older than the interval, so a
// server that was down makes its missed copy once, at its next check),
// the newest few kept and older ones removed.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Source makes a consistent copy of a database into a new file.
type Source interface {
	Backup(ctx context.Context, dest string) error
}

// Policy says where copies go, how often and how many stay.
type Policy struct {
	Dir   string
	Every time.Duration // a new copy when the newest is at least this old
	Keep  int           // the newest Keep copies stay; 0 turns backups off
}

// Copy is one backup file.
type Copy struct {
	Path string
	At   time.Time // when it was made, from its name
	Size int64
}

// prefix and layout name the copies "theodoi-20211005T020000Z.db"; only
// files named so are counted and pruned, anything else in the directory is
// left alone.
const (
	prefix = "theodoi-"
	suffix = ".db"
	layout = "20060102T150405Z"
)

// Name is the file name of a copy made at t.
func Name(t time.Time) string { return prefix + t.UTC().Format(layout) + suffix }

// List returns the directory's copies, newest first; a missing directory
// has none.
func List(dir string) ([]Copy, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Copy
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
			continue
		}
		at, err := time.Parse(layout, strings.TrimSuffix(strings.TrimPrefix(name, prefix), suffix))
		if err != nil {
			continue
		}
		c := Copy{Path: filepath.Join(dir, name), At: at}
		if info, err := e.Info(); err == nil {
			c.Size = info.Size()
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Copy) int { return b.At.Compare(a.At) })
	return out, nil
}

// Make writes a copy named for now into dir (created if missing).
func Make(ctx context.Context, src Source, dir string, now time.Time) (Copy, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Copy{}, fmt.Errorf("backup directory: %w", err)
	}
	c := Copy{Path: filepath.Join(dir, Name(now)), At: now.UTC().Truncate(time.Second)}
	if err := src.Backup(ctx, c.Path); err != nil {
		return Copy{}, err
	}
	if info, err := os.Stat(c.Path); err == nil {
		c.Size = info.Size()
	}
	return c, nil
}

// RunDue is the scheduler's job: a copy when the newest is Every old (or
// there is none), then the oldest removed beyond Keep. It says what it did.
func RunDue(ctx context.Context, src Source, p Policy, now time.Time) (string, error) {
	if p.Keep <= 0 || p.Dir == "" {
		return "backups are off", nil
	}
	copies, err := List(p.Dir)
	if err != nil {
		return "", err
	}
	if len(copies) > 0 && now.Sub(copies[0].At) < p.Every {
		return fmt.Sprintf("newest copy from %s; next after %s", copies[0].At.Format(time.RFC3339), copies[0].At.Add(p.Every).Format(time.RFC3339)), nil
	}
	c, err := Make(ctx, src, p.Dir, now)
	if err != nil {
		return "", err
	}
	removed, err := Prune(p.Dir, p.Keep)
	summary := fmt.Sprintf("copied to %s (%s); removed %d old copies", c.Path, humanSize(c.Size), len(removed))
	return summary, err
}

// Prune removes all but the newest keep copies and returns what it
// removed. A copy goes with its companions: the entries named after it
// plus a dot and more (the embedded store keeps the attachments' files of
// "theodoi-<time>.db" in the directory "theodoi-<time>.db.attachments").
func Prune(dir string, keep int) ([]string, error) {
	copies, err := List(dir)
	if err != nil || len(copies) <= keep {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, c := range copies[max(keep, 0):] {
		if err := os.Remove(c.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, c.Path)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), filepath.Base(c.Path)+".") {
				errs = append(errs, os.RemoveAll(filepath.Join(dir, e.Name())))
			}
		}
	}
	return removed, errors.Join(errs...)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
