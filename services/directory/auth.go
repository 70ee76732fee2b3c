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
	// sessions caches recent token lookups so that every API call does not
	// read the store; a revoked token is dropped here at once on this
	// replica and within sessionCacheTTL on others.
	mu       sync.Mutex
	sessions map[string]cachedSession
	// dummyHash is verified against when the e-mail is unknown, so a
	// failed login takes as long whether or not the account exists. It is
	// made on first need, not at start-up.
	dummyOnce sync.Once
	dummyHash string
}

type cachedSession struct {
	actor   models.Actor
	session models.Session
	fetched time.Time
}

const sessionCacheTTL = 10 * time.Second

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
// in use never looks idle (a quarter of the idle time leaves room for the
// session cache's own delay).
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
		sessions: map[string]cachedSession{},
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
	hash := hashToken(token)
	s.mu.Lock()
	delete(s.sessions, hash)
	s.mu.Unlock()
	err := s.Store.Sessions().Delete(ctx, hash)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	return err
}

// Authenticate returns the actor a token stands for, or ErrUnauthenticated
// when the session is unknown, expired or its user disabled.
func (s *AuthService) Authenticate(ctx context.Context, token string) (models.Actor, error) {
	if token == "" || len(token) > 200 {
		return models.Actor{}, models.ErrUnauthenticated
	}
	hash := hashToken(token)
	now := s.Now()
	s.mu.Lock()
	c, ok := s.sessions[hash]
	s.mu.Unlock()
	if !ok || now.Sub(c.fetched) >= sessionCacheTTL {
		var err error
		if c, err = s.load(ctx, hash, now); err != nil {
			return models.Actor{}, err
		}
	}
	if now.After(c.session.ExpiresAt) || now.Sub(c.session.LastSeenAt) > s.opts.SessionIdle {
		s.drop(hash)
		return models.Actor{}, fmt.Errorf("session expired: %w", models.ErrUnauthenticated)
	}
	if now.Sub(c.session.LastSeenAt) > s.touchEvery() {
		if err := s.Store.Sessions().Touch(ctx, hash, now); err == nil {
			c.session.LastSeenAt = now
			s.mu.Lock()
			s.sessions[hash] = c
			s.mu.Unlock()
		}
	}
	return c.actor, nil
}

func (s *AuthService) load(ctx context.Context, hash string, now time.Time) (cachedSession, error) {
	sess, err := s.Store.Sessions().Get(ctx, hash)
	if errors.Is(err, models.ErrNotFound) {
		s.drop(hash)
		return cachedSession{}, models.ErrUnauthenticated
	}
	if err != nil {
		return cachedSession{}, err
	}
	u, err := s.Store.Users().Get(ctx, sess.CommitteeID, sess.UserID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && u.Disabled) {
		s.drop(hash)
		return cachedSession{}, models.ErrUnauthenticated
	}
	if err != nil {
		return cachedSession{}, err
	}
	c := cachedSession{actor: actorOf(u), session: sess, fetched: now}
	s.mu.Lock()
	if len(s.sessions) > 10000 { // bound memory; entries are cheap to reload
		clear(s.sessions)
	}
	s.sessions[hash] = c
	s.mu.Unlock()
	return c, nil
}

func (s *AuthService) drop(hash string) {
	s.mu.Lock()
	delete(s.sessions, hash)
	s.mu.Unlock()
}

// forgetUser drops cached sessions of a user whose rights changed.
func (s *AuthService) forgetUser(id models.ID) {
	s.mu.Lock()
	for k, c := range s.sessions {
		if c.actor.UserID == id {
			delete(s.sessions, k)
		}
	}
	s.mu.Unlock()
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
