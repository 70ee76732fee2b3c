// Package directory keeps a committee's own records: the committee, its
// units, areas and months, its people and their accounts, sign-in,
// setup, the audit trail and the job records. The other service packages
// read the directory; it uses none of them but the outbox (mail), where
// invitations and password resets are queued.
package directory

import (
	"time"

	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/outbox"
)

// Options tune sign-in and accounts; zero values are filled by the caller
// (services.Options).
type Options struct {
	SessionIdle        time.Duration
	SessionMaxAge      time.Duration
	LoginRatePerMinute int
	// BaseURL is the site's public address, for links in mail.
	BaseURL string
	// SetupFault, for tests only, may fail a committee's setup after a
	// stage (see SetupService) to prove it leaves nothing behind.
	SetupFault func(stage string) error
}

// Services are the directory's use cases.
type Services struct {
	Auth       *AuthService
	Committees *CommitteeService
	Units      *UnitService
	Users      *UserService
	Areas      *AreaService
	Periods    *PeriodService
	Audit      *AuditService
	Jobs       *JobService
	Setup      *SetupService
}

// New wires the directory over b; mail queues its invitations and resets.
func New(b core.Base, mail *outbox.MailService, opts Options) Services {
	auth := newAuthService(b, mail, opts)
	units := &UnitService{Base: b}
	users := &UserService{Base: b, auth: auth}
	return Services{
		Auth:       auth,
		Committees: &CommitteeService{Base: b},
		Units:      units,
		Users:      users,
		Areas:      &AreaService{Base: b},
		Periods:    &PeriodService{Base: b},
		Audit:      &AuditService{Base: b},
		Jobs:       &JobService{Base: b},
		Setup:      &SetupService{Base: b, units: units, users: users, fault: opts.SetupFault},
	}
}
