package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/theodoi/theodoi/internal/backup"
)

// leadingArg takes a command's file argument when it comes before the
// flags (the flag package stops at the first argument that is not one).
func leadingArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// backupCommand copies the embedded database now, while the server may be
// running: to FILE, or into the backup directory under the usual name
// (where the automatic copies are counted and pruned with it).
func backupCommand(ctx context.Context, env *environment, args []string) error {
	dest, args := leadingArg(args)
	cfg, fs, err := loadConfig(env, "backup", args, nil)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; usage: theodoi backup [FILE] [--data-dir DIR]", fs.Args())
	}
	if cfg.UsesMongo() {
		return errors.New("the MongoDB store is backed up with MongoDB's own tools (mongodump, or the replica set's snapshots); see the README")
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	src, ok := st.(backup.Source)
	if !ok {
		return errors.New("this store cannot be copied by theodoi")
	}
	start := time.Now()
	var c backup.Copy
	if dest == "" {
		c, err = backup.Make(ctx, src, cfg.BackupDirectory(), start)
	} else {
		c = backup.Copy{Path: dest}
		err = src.Backup(ctx, dest)
	}
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(c.Path)
	fmt.Fprintf(env.stdout, "đã sao lưu / backed up to %s in %s\n", abs, time.Since(start).Round(time.Millisecond))
	return nil
}
