package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/theodoi/theodoi/config"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
)

func demoCommand(ctx context.Context, env *environment, args []string) error {
	cfg, _, err := loadConfig(env, "demo", args, nil)
	if err != nil {
		return err
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	clk := newDemoClock()
	svc := newServicesAt(st, cfg, newLogger(cfg, env.stderr), nil, clk, env.withSetupFault)
	all, err := svc.Committees.List(ctx)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Name == demo.Committee.Name {
			return fmt.Errorf("the demo committee is already loaded (id %s)", c.ID)
		}
	}
	return loadDemo(ctx, svc, clk, env.stdout, cfg.BaseURL)
}

// loadDemoIfEmpty seeds the demo committee on the very first start.
func loadDemoIfEmpty(ctx context.Context, env *environment, st storeLike, cfg config.Config, log *slog.Logger, out io.Writer) error {
	clk := newDemoClock()
	svc := newServicesAt(st, cfg, log, nil, clk, env.withSetupFault)
	all, err := svc.Committees.List(ctx)
	if err != nil || len(all) > 0 {
		return err
	}
	return loadDemo(ctx, svc, clk, out, cfg.BaseURL)
}

// demoClock is the loader's clock: last month's story is replayed on the
// days it happened, then the clock returns to now.
type demoClock struct {
	mu sync.Mutex
	at time.Time // zero: the real time
}

func newDemoClock() *demoClock { return &demoClock{} }

func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

// set moves the clock to t; the zero time goes back to the real time.
func (c *demoClock) set(t time.Time) {
	c.mu.Lock()
	c.at = t
	c.mu.Unlock()
}

// loadDemo creates the demo committee, its units, one account per person
// with a temporary password (printed once, here; changed at first
// sign-in) and an invitation, last month with its results, closed and
// carried over, and the current month's tasks with their progress so far.
// It is all or nothing: a failure part-way removes the committee whole.
// svc runs on clk.
func loadDemo(ctx context.Context, svc *services.Services, clk *demoClock, out io.Writer, baseURL string) error {
	c, err := svc.Setup.Begin(ctx, demo.Committee, models.DefaultAreas)
	if err != nil {
		return err
	}
	accounts, err := fillDemo(ctx, svc, clk, c)
	if err == nil {
		_, err = svc.Setup.Finish(ctx, c.ID)
	}
	if err != nil {
		return errors.Join(err, svc.Setup.Abandon(ctx, c.ID))
	}
	printDemoAccounts(out, c, accounts, baseURL)
	return nil
}

// demoAccount is a demo person with the temporary password to print.
type demoAccount struct {
	user     models.User
	password string
	unit     string
}

func fillDemo(ctx context.Context, svc *services.Services, clk *demoClock, c models.Committee) ([]demoAccount, error) {
	system := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	units := map[string]models.ID{}
	for _, u := range demo.Units {
		made, err := svc.Units.Create(ctx, system, directory.UnitInput{Kind: u.Kind, Name: u.Name, Aliases: u.Aliases, Emails: u.Emails})
		if err != nil {
			return nil, fmt.Errorf("unit %s: %w", u.Key, err)
		}
		units[u.Key] = made.ID
	}
	if err := svc.Setup.Checkpoint(directory.StageUnits); err != nil {
		return nil, err
	}
	names := map[models.ID]string{}
	for _, u := range demo.Units {
		names[units[u.Key]] = u.Name
	}
	var accounts []demoAccount
	actors := map[string]models.Actor{} // unit key → one of its officers
	var leader models.Actor
	for _, u := range demo.Users {
		made, pw, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{
			Name: u.Name, Email: u.Email, Role: u.Role, UnitID: unitOf(u, units), Language: "vi", GeneratePassword: true,
		})
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", u.Key, err)
		}
		accounts = append(accounts, demoAccount{made, pw, names[made.UnitID]})
		a := models.Actor{UserID: made.ID, CommitteeID: c.ID, Role: made.Role, UnitID: made.UnitID}
		if made.Role == models.RoleUnit {
			if _, ok := actors[u.UnitKey]; !ok {
				actors[u.UnitKey] = a
			}
		}
		if made.Role == models.RoleLeader && leader.UserID == "" {
			leader = a
		}
	}
	if leader.UserID == "" {
		return nil, errors.New("demo data has no leader")
	}
	if err := svc.Setup.Checkpoint(directory.StageUsers); err != nil {
		return nil, err
	}
	if err := loadLastMonth(ctx, svc, clk, c, leader, units, actors); err != nil {
		return nil, fmt.Errorf("last month: %w", err)
	}
	clk.set(time.Time{})
	if err := loadDemoTasks(ctx, svc, c, leader, units, actors); err != nil {
		return nil, err
	}
	return accounts, nil
}

// printDemoAccounts says, once, how to sign in to the demo and exactly
// what the printed passwords are.
func printDemoAccounts(out io.Writer, c models.Committee, accounts []demoAccount, baseURL string) {
	fmt.Fprintf(out, "\nĐã tạo dữ liệu mẫu / demo data loaded: %s\n", c.Name)
	fmt.Fprintf(out, "Đăng nhập tại / sign in at %s\n", baseURL)
	fmt.Fprintln(out, "Mật khẩu dưới đây là mật khẩu tạm thời, chỉ in một lần: lần đăng nhập đầu tiên, mỗi tài khoản phải đổi sang mật khẩu riêng.")
	fmt.Fprintln(out, "Thư mời chọn mật khẩu của từng người cũng đã vào hộp thư đi (địa chỉ .example: không tới ai thật).")
	fmt.Fprintln(out, "The passwords below are temporary and printed only this once: each account must choose its own at first sign-in.")
	fmt.Fprintln(out, "Each person's invitation to choose a password is in the outbox too (.example addresses: no real person gets it).")
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tE-MAIL\tTEMPORARY PASSWORD\tNAME\tUNIT")
	for _, a := range accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.user.Role, a.user.Email, a.password, a.user.Name, a.unit)
	}
	tw.Flush()
	fmt.Fprintln(out)
}

func unitOf(u demo.User, units map[string]models.ID) models.ID {
	if u.Role != models.RoleUnit {
		return ""
	}
	return units[u.UnitKey]
}

func loadDemoTasks(ctx context.Context, svc *services.Services, c models.Committee, leader models.Actor,
	units map[string]models.ID, officers map[string]models.Actor) error {
	areas, err := svc.Areas.List(ctx, leader)
	if err != nil {
		return err
	}
	month := demo.Month(models.SystemClock{}.Now())
	for i, dt := range demo.Tasks {
		coord := make([]models.ID, 0, len(dt.Coordinating))
		for _, k := range dt.Coordinating {
			coord = append(coord, units[k])
		}
		v, err := svc.Tasks.Create(ctx, leader, task.TaskInput{
			Period: string(month), AreaID: areas[dt.Area].ID, Text: dt.Text,
			LeadUnitID: units[dt.Lead], CoordinatingUnitIDs: coord, FollowUpUnitID: units[dt.FollowUp],
			Deadline: string(dt.Deadline(month)),
			Source:   &models.SourceRef{Section: "II", AreaIndex: dt.Area + 1, ItemIndex: i + 1},
		})
		if err != nil {
			return fmt.Errorf("task %d: %w", i+1, err)
		}
		for _, r := range dt.Reports {
			if err := replayReport(ctx, svc, c.ID, leader, v, r, r.UnitKey == dt.Lead, units, officers); err != nil {
				return fmt.Errorf("task %d report: %w", i+1, err)
			}
		}
		if dt.Accepted != "" {
			if _, err := svc.Tasks.Accept(ctx, leader, v.ID, 0, dt.Accepted); err != nil {
				return fmt.Errorf("task %d acceptance: %w", i+1, err)
			}
		}
	}
	return nil
}

// replayReport records one demo report as the unit's officer (or, for a
// unit without a demo account, as the unit itself); pausing is a leader's act.
func replayReport(ctx context.Context, svc *services.Services, committee models.ID, leader models.Actor,
	v task.TaskView, r demo.Report, lead bool, units map[string]models.ID, officers map[string]models.Actor) error {
	if r.State == models.StatePaused {
		cur, err := svc.Tasks.Get(ctx, leader, v.ID)
		if err != nil {
			return err
		}
		paused := models.StatePaused
		_, err = svc.Tasks.Update(ctx, leader, v.ID, task.TaskPatch{Version: cur.Version, State: &paused, Note: r.Note})
		return err
	}
	officer, ok := officers[r.UnitKey]
	if !ok {
		officer = models.Actor{CommitteeID: committee, Role: models.RoleUnit, UnitID: units[r.UnitKey]}
	}
	in := task.ProgressInput{Note: r.Note}
	pct, state := r.Percent, r.State
	switch {
	case !lead: // a coordinating unit's report does not move the task
		in.Percent = &pct
	case state == models.StateAwaiting:
		in.State = &state
	default:
		in.Percent = &pct
		in.State = &state
	}
	_, err := svc.Tasks.ReportProgress(ctx, officer, v.ID, in)
	return err
}

// loadLastMonth replays last month: each task created on the 1st, its
// reports on their days, then accepted or cancelled on its day; finally
// the leader closes the month early on the 1st of this month, which
// carries the unfinished tasks over and freezes the month's figures.
func loadLastMonth(ctx context.Context, svc *services.Services, clk *demoClock, c models.Committee, leader models.Actor,
	units map[string]models.ID, officers map[string]models.Actor) error {
	areas, err := svc.Areas.List(ctx, leader)
	if err != nil {
		return err
	}
	loc := c.Location()
	now := time.Now()
	month := demo.Month(now)
	last := month.Prev()
	day := func(d, hour int) time.Time {
		first, _ := time.ParseInLocation(time.DateOnly, string(last.FirstDay()), loc)
		return first.AddDate(0, 0, d-1).Add(time.Duration(hour) * time.Hour)
	}
	for i, pt := range demo.PreviousTasks {
		clk.set(day(1, 8))
		coord := make([]models.ID, 0, len(pt.Coordinating))
		for _, k := range pt.Coordinating {
			coord = append(coord, units[k])
		}
		v, err := svc.Tasks.Create(ctx, leader, task.TaskInput{
			Period: string(last), AreaID: areas[pt.Area].ID, Text: pt.Text,
			LeadUnitID: units[pt.Lead], CoordinatingUnitIDs: coord, FollowUpUnitID: units[pt.FollowUp],
			Deadline: string(pt.Deadline(last)),
			Source:   &models.SourceRef{Section: "II", AreaIndex: pt.Area + 1, ItemIndex: i + 1},
		})
		if err != nil {
			return fmt.Errorf("task %d: %w", i+1, err)
		}
		for j, r := range pt.Reports {
			clk.set(day(pt.ReportDays[j], 15))
			if err := replayReport(ctx, svc, c.ID, leader, v, r, r.UnitKey == pt.Lead, units, officers); err != nil {
				return fmt.Errorf("task %d report: %w", i+1, err)
			}
		}
		clk.set(day(pt.EndDay, 10))
		switch pt.Outcome {
		case demo.DoneOnTime, demo.DoneLate:
			_, err = svc.Tasks.Accept(ctx, leader, v.ID, 0, pt.EndNote)
		case demo.Cancelled:
			_, err = svc.Tasks.Cancel(ctx, leader, v.ID, 0, pt.EndNote)
		}
		if err != nil {
			return fmt.Errorf("task %d: %w", i+1, err)
		}
	}
	// Closed at 00:40 on the 1st, or just now if that is still to come.
	closeAt := day(1, 0).AddDate(0, 1, 0).Add(40 * time.Minute)
	if closeAt.After(now) {
		closeAt = now
	}
	clk.set(closeAt)
	_, err = svc.CarryOver.CarryOver(ctx, leader, last, nil)
	return err
}
