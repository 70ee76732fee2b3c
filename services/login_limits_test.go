package services_test

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
)

// TestWrongPasswordsElsewhereDoNotLockTheOwnerOut: ten wrong passwords
// from one address are limited there, while the account's owner still
// signs in from another address.
func TestWrongPasswordsElsewhereDoNotLockTheOwnerOut(t *testing.T) {
	e := newRemEnv(t, nil)
	svc := services.New(e.st, e.clk, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{LoginRatePerMinute: 10})
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	if _, _, err := svc.Users.CreateFirst(e.ctx, c.c.ID, directory.UserInput{Name: "Bí thư", Email: "bithu@hx.example", Role: models.RoleLeader, Password: "mat-khau-bi-thu"}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if _, _, err := svc.Auth.Login(e.ctx, "bithu@hx.example", "sai-mat-khau", "203.0.113.9"); !errors.Is(err, models.ErrUnauthenticated) {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
	}
	if _, _, err := svc.Auth.Login(e.ctx, "bithu@hx.example", "sai-mat-khau", "203.0.113.9"); !errors.Is(err, models.ErrRateLimited) {
		t.Errorf("the 11th try from the same address: %v, want rate limited", err)
	}
	if _, _, err := svc.Auth.Login(e.ctx, "bithu@hx.example", "mat-khau-bi-thu", "198.51.100.7"); err != nil {
		t.Errorf("the owner at another address: %v", err)
	}
}
