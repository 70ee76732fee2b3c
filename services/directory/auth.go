package directory

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/outbox"
)

// AuthService logs people in and turns tokens back into actors.
type AuthService struct {
	core.Base
	opts     Options
	mail     *outbox.MailService // for invitation and password-reset links
	limiters *limiterSet
	// accounts is a softer limit per account, whatever the address: the
	// strict one is per (account, address), so someone guessing from one
	// address cannot lock the account's owner out at another.
	accounts *limiterSet
	// later does the work a request must not be seen to do (reset links).
	later *core.Later
	// dummyHash is verified against when the e-mail is unknown, so a
	// failed login takes as long whether or not the account exists. It is
	// made on first need, not at start-up.
	dummyOnce sync.Once
	dummyHash string
}

// accountLimitFactor is how many times the per-address rate one account
// may be tried at from everywhere together.
const accountLimitFactor = 5

// laterLimit bounds the reset requests worked on at once after their
// answer; laterTimeout is how long one may take.
const (
	laterLimit   = 16
	laterTimeout = 30 * time.Second
)

// touchEvery is how often a session's last-seen time is written: once a
// minute, or more often when sessions idle out sooner, so that a session
// in use never looks idle (a quarter of the idle time leaves a margin).
func (s *AuthService) touchEvery() time.Duration {
	return min(time.Minute, s.opts.SessionIdle/4)
}

func newAuthService(b core.Base, mail *outbox.MailService, opts Options) *AuthService {
	return &AuthService{
		Base:     b,
		opts:     opts,
		mail:     mail,
		limiters: newLimiterSet(rate.Limit(float64(opts.LoginRatePerMinute)/60), opts.LoginRatePerMinute),
		accounts: newLimiterSet(rate.Limit(float64(accountLimitFactor*opts.LoginRatePerMinute)/60), accountLimitFactor*opts.LoginRatePerMinute),
		later:    core.NewLater(b.Log, laterLimit, laterTimeout),
	}
}

// Login checks the password and opens a session. addr is the client's
// address, for rate limiting. The token is returned once and only its hash
// is stored.
func (s *AuthService) Login(ctx context.Context, email, password, addr string) (string, models.User, error) {
	norm, _ := models.NormalizeEmail(email)
	if !s.limiters.allow("addr:"+addr) || !s.limiters.allow("pair:"+norm+"\x00"+addr) || !s.accounts.allow(norm) {
		return "", models.User{}, fmt.Errorf("login: %w", models.ErrRateLimited)
	}
	u, err := s.Store.Users().GetByEmail(ctx, norm)
	if errors.Is(err, models.ErrNotFound) {
		s.dummyOnce.Do(func() { s.dummyHash, _ = HashPassword("not-a-real-password") })
		VerifyPassword(s.dummyHash, password)
		return "", models.User{}, fmt.Errorf("login: %w", models.ErrUnauthenticated)
	}
	if err != nil {
		return "", models.User{}, err
	}
	if !VerifyPassword(u.PasswordHash, password) || u.Disabled {
		return "", models.User{}, fmt.Errorf("login: %w", models.ErrUnauthenticated)
	}
	if c, _, err := s.Committees.Get(ctx, u.CommitteeID); err != nil || !c.Ready() {
		return "", models.User{}, fmt.Errorf("login: committee not set up: %w", models.ErrUnauthenticated)
	}
	token, hash := newToken()
	now := s.Now()
	sess := models.Session{TokenHash: hash, UserID: u.ID, CommitteeID: u.CommitteeID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.SessionMaxAge)}
	if err := s.Store.Sessions().Create(ctx, sess); err != nil {
		return "", models.User{}, err
	}
	return token, u, nil
}

// Logout revokes the session behind token.
func (s *AuthService) Logout(ctx context.Context, token string) error {
	err := s.Store.Sessions().Delete(ctx, hashToken(token))
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	return err
}

// Authenticate returns the actor a token stands for, or ErrUnauthenticated
// when the session is unknown, expired or its user disabled. It reads the
// store every time, so a revoked session or a changed role counts at once
// on every replica; the embedded store keeps these records in memory
// itself (store/sqlite recordCache).
func (s *AuthService) Authenticate(ctx context.Context, token string) (models.Actor, error) {
	if token == "" || len(token) > 200 {
		return models.Actor{}, models.ErrUnauthenticated
	}
	hash := hashToken(token)
	now := s.Now()
	sess, err := s.Store.Sessions().Get(ctx, hash)
	if errors.Is(err, models.ErrNotFound) {
		return models.Actor{}, models.ErrUnauthenticated
	}
	if err != nil {
		return models.Actor{}, err
	}
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.opts.SessionIdle {
		return models.Actor{}, fmt.Errorf("session expired: %w", models.ErrUnauthenticated)
	}
	u, err := s.Store.Users().Get(ctx, sess.CommitteeID, sess.UserID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && u.Disabled) {
		return models.Actor{}, models.ErrUnauthenticated
	}
	if err != nil {
		return models.Actor{}, err
	}
	if now.Sub(sess.LastSeenAt) > s.touchEvery() {
		// A failed touch costs only an earlier idle end; the request goes on.
		_ = s.Store.Sessions().Touch(ctx, hash, now)
	}
	return actorOf(u), nil
}

// CurrentUser returns the actor's user record.
func (s *AuthService) CurrentUser(ctx context.Context, actor models.Actor) (models.User, error) {
	return s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
}

// PurgeSessions removes expired sessions and expired one-time links; run
// it now and then.
func (s *AuthService) PurgeSessions(ctx context.Context) (int, error) {
	n, err := s.Store.Sessions().DeleteExpired(ctx, s.Now(), s.opts.SessionIdle)
	if err != nil {
		return n, err
	}
	m, err := s.Store.Tokens().DeleteExpired(ctx, s.Now())
	return n + m, err
}

func actorOf(u models.User) models.Actor {
	return models.Actor{UserID: u.ID, CommitteeID: u.CommitteeID, Role: u.Role, UnitID: u.UnitID, Language: u.Language,
		MustChangePassword: u.MustChangePassword}
}

func newToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// limiterSet is a token bucket per key (account or address), forgotten
// after a quiet hour so the map stays small.
type limiterSet struct {
	mu    sync.Mutex
	limit rate.Limit
	burst int
	items map[string]*limitEntry
}

type limitEntry struct {
	lim  *rate.Limiter
	last time.Time
}

func newLimiterSet(limit rate.Limit, burst int) *limiterSet {
	return &limiterSet{limit: limit, burst: burst, items: map[string]*limitEntry{}}
}

func (l *limiterSet) allow(key string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.items[key]
	if !ok {
		if len(l.items) > 50000 {
			for k, v := range l.items {
				if now.Sub(v.last) > time.Hour {
					delete(l.items, k)
				}
			}
		}
		e = &limitEntry{lim: rate.NewLimiter(l.limit, l.burst)}
		l.items[key] = e
	}
	e.last = now
	return e.lim.AllowN(now, 1)
}
