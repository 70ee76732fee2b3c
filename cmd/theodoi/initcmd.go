package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/theodoi/theodoi/internal/standard"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

// initCommand creates a committee with its first administrator, all or
// nothing: `theodoi init --committee NAME --admin-email E --admin-name N …`,
// the administrator's password on standard input.
func initCommand(ctx context.Context, env *environment, args []string) error {
	var f struct {
		committee, superior, place, issuer, tz, email, name, lang, units, areas string
	}
	cfg, _, err := loadConfig(env, "init", args, func(fs *flag.FlagSet) {
		fs.StringVar(&f.committee, "committee", "", `committee name as on its documents, e.g. "Đảng ủy phường Hương Xuân" (required)`)
		fs.StringVar(&f.superior, "superior", "", `superior Party body, e.g. "Đảng bộ tỉnh Thừa Thiên Huế"`)
		fs.StringVar(&f.place, "place", "", `place name of the date line, e.g. "Hương Xuân"`)
		fs.StringVar(&f.issuer, "issuer-code", "ĐU", `issuer code of document numbers ("ĐU" in "31-NQ/ĐU")`)
		fs.StringVar(&f.tz, "timezone", models.DefaultTimeZone, "IANA time zone of the committee")
		fs.StringVar(&f.email, "admin-email", "", "the first administrator's login e-mail (required)")
		fs.StringVar(&f.name, "admin-name", "", "the first administrator's full name (required)")
		fs.StringVar(&f.lang, "admin-lang", "vi", "the administrator's interface language: vi or en")
		fs.StringVar(&f.units, "units", "standard", "standard: the usual units of a commune-level committee; none: add them later")
		fs.StringVar(&f.areas, "areas", "standard", "standard: the seven areas of a resolution's section II; none: add them later")
	})
	if err != nil {
		return err
	}
	p := models.Problems{}
	if strings.TrimSpace(f.committee) == "" {
		p.Add("--committee", "required")
	}
	if strings.TrimSpace(f.email) == "" {
		p.Add("--admin-email", "required")
	}
	if strings.TrimSpace(f.name) == "" {
		p.Add("--admin-name", "required")
	}
	if f.units != "standard" && f.units != "none" {
		p.Add("--units", "standard or none")
	}
	if f.areas != "standard" && f.areas != "none" {
		p.Add("--areas", "standard or none")
	}
	if err := p.Err(); err != nil {
		printUsage(env.stderr)
		return describe(err)
	}
	in := directory.SetupInput{
		Committee: models.Committee{Name: f.committee, SuperiorBody: f.superior, PlaceName: f.place, IssuerCode: f.issuer, TimeZone: f.tz},
		Admin:     directory.UserInput{Name: f.name, Email: f.email, Language: f.lang, PasswordFinal: true},
	}
	if f.units == "standard" {
		in.Units = templateUnits(standard.LevelOf(f.committee))
	}
	if f.areas == "standard" {
		in.Areas = standard.Areas()
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := newServicesAt(st, cfg, newLogger(cfg, env.stderr), nil, models.SystemClock{}, env.withSetupFault)
	pw, err := readPassword(env)
	if err != nil {
		return err
	}
	in.Admin.Password = pw
	res, err := svc.Setup.Create(ctx, in)
	if errors.Is(err, models.ErrDuplicate) {
		return fmt.Errorf("%s: %w", f.committee, describe(err))
	}
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Đã tạo / created: %s (id %s), %d đơn vị / units, %d lĩnh vực / areas\n",
		res.Committee.Name, res.Committee.ID, len(res.Units), len(in.Areas))
	fmt.Fprintf(env.stdout, "Quản trị viên / administrator: %s (id %s), đăng nhập bằng mật khẩu vừa nhập / signs in with the password just given\n",
		res.Admin.Email, res.Admin.ID)
	fmt.Fprintf(env.stdout, "Tiếp theo / next: `theodoi serve`, then %s/admin/users to invite people\n", strings.TrimRight(cfg.BaseURL, "/"))
	return nil
}

// templateUnits are the standard template's units as service input.
func templateUnits(level string) []directory.UnitInput {
	tpl := standard.Units(level)
	out := make([]directory.UnitInput, 0, len(tpl))
	for _, u := range tpl {
		out = append(out, directory.UnitInput{Kind: u.Kind, Name: u.Name, Aliases: u.Aliases})
	}
	return out
}
