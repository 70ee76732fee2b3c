package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
)

func userCommand(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		printUsage(env.stderr)
		return errors.New("user: add or passwd?")
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, env, args[1:])
	case "passwd":
		return userPasswd(ctx, env, args[1:])
	}
	printUsage(env.stderr)
	return fmt.Errorf("user: unknown command %q", args[0])
}

func userAdd(ctx context.Context, env *environment, args []string) error {
	var email, name, role, unit, committee, lang string
	var invite bool
	cfg, _, err := loadConfig(env, "user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "login e-mail (required)")
		fs.StringVar(&name, "name", "", "full name (required)")
		fs.StringVar(&role, "role", "", "admin, leader, office, unit or viewer (required)")
		fs.StringVar(&unit, "unit", "", "unit id, for role unit")
		fs.StringVar(&committee, "committee", "", "committee id (needed when there are several)")
		fs.StringVar(&lang, "lang", "vi", "interface language: vi or en")
		fs.BoolVar(&invite, "invite", false, "no password: e-mail an invitation to choose one (valid 72 hours)")
	})
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.stderr)
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := newServices(st, cfg, log)
	cid, err := pickCommittee(ctx, svc, models.ID(committee))
	if err != nil {
		return err
	}
	pw := ""
	if !invite {
		if pw, err = readPassword(env); err != nil {
			return err
		}
	}
	u, _, err := svc.Users.CreateFirst(ctx, cid, directory.UserInput{
		Name: name, Email: email, Role: models.Role(role), UnitID: models.ID(unit), Language: lang, Password: pw,
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "added %s (%s) id %s\n", u.Email, u.Role, u.ID)
	if invite {
		fmt.Fprintf(env.stdout, "invitation queued: %s chooses a password with the e-mailed link (valid 72 hours)\n", u.Email)
	}
	return nil
}

func userPasswd(ctx context.Context, env *environment, args []string) error {
	var email string
	cfg, _, err := loadConfig(env, "user passwd", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "login e-mail (required)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return errors.New("--email is required")
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := newServices(st, cfg, newLogger(cfg, env.stderr))
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	if err := svc.Users.SetPassword(ctx, email, pw); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "password changed for %s; their sessions have ended\n", email)
	return nil
}

// readPassword takes the first line of standard input.
func readPassword(env *environment) (string, error) {
	fmt.Fprintln(env.stderr, "Mật khẩu / password (from standard input):")
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		if err != nil {
			return "", fmt.Errorf("no password on standard input: %w", err)
		}
		return "", errors.New("empty password")
	}
	return pw, nil
}

// pickCommittee returns the named committee, or the only one there is.
func pickCommittee(ctx context.Context, svc *services.Services, id models.ID) (models.ID, error) {
	all, err := svc.Committees.List(ctx)
	if err != nil {
		return "", err
	}
	if id != "" {
		for _, c := range all {
			if c.ID == id {
				return id, nil
			}
		}
		return "", fmt.Errorf("no committee %s", id)
	}
	switch len(all) {
	case 0:
		return "", errNoCommittee
	case 1:
		return all[0].ID, nil
	}
	var b strings.Builder
	for _, c := range all {
		fmt.Fprintf(&b, "\n  %s  %s", c.ID, c.Name)
	}
	return "", fmt.Errorf("several committees; choose one with --committee:%s", b.String())
}

// describe spells out validation problems for the terminal.
func describe(err error) error {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		return errors.New(ve.Error())
	}
	return err
}
