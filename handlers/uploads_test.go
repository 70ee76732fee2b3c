package handlers

import (
	"context"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// TestUploadGate: one upload per person at a time, uploadSlots in all;
// a slot is free again when its upload ends.
func TestUploadGate(t *testing.T) {
	g := newUploadGate()
	ctx := context.Background()
	if !g.enter(ctx, "u1") || g.enter(ctx, "u1") {
		t.Fatal("a person's second upload at once was let in, or the first was not")
	}
	for i := 2; i <= uploadSlots; i++ {
		if !g.enter(ctx, models.ID(rune('0'+i))) {
			t.Fatalf("upload %d refused with slots free", i)
		}
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if g.enter(short, "late") {
		t.Fatal("an upload got in with every slot taken")
	}
	g.leave("u1")
	if !g.enter(ctx, "late") {
		t.Fatal("a freed slot was not reused")
	}
}
