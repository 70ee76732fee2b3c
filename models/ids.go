package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"
)

// ID identifies every record. It is 20 characters of lowercase base32
// (a 48-bit millisecond timestamp and 52 random bits), so ids sort by
// creation time, are safe in URLs and never look like an operator.
type ID string

const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

const idLen = 20

// NewID returns a fresh id for a record created at now. Within one
// process ids are strictly increasing, even for the same millisecond, so
// records made in one request keep their order.
func NewID(now time.Time) ID {
	hi, lo := nextIDParts(uint64(now.UnixMilli()) & (1<<48 - 1))
	var b [idLen]byte
	// 10 characters of time (50 bits, top two always zero) then 10 of randomness.
	for i := 9; i >= 0; i-- {
		b[i] = idAlphabet[hi&31]
		hi >>= 5
	}
	for i := 19; i >= 10; i-- {
		b[i] = idAlphabet[lo&31]
		lo >>= 5
	}
	return ID(b[:])
}

// Valid reports whether s has the shape of an id. Malformed ids are
// rejected before they reach a store.
func (id ID) Valid() bool {
	if len(id) != idLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !isIDChar(id[i]) {
			return false
		}
	}
	return true
}

func isIDChar(c byte) bool {
	for i := 0; i < len(idAlphabet); i++ {
		if idAlphabet[i] == c {
			return true
		}
	}
	return false
}

func (id ID) String() string { return string(id) }

// idState makes ids monotonic: a clock that stands still or steps back
// reuses the last time and increments the random part.
var idState struct {
	sync.Mutex
	hi, lo uint64
}

func nextIDParts(ms uint64) (uint64, uint64) {
	idState.Lock()
	defer idState.Unlock()
	if ms > idState.hi {
		var rnd [8]byte
		_, _ = rand.Read(rnd[:])
		idState.hi, idState.lo = ms, binary.BigEndian.Uint64(rnd[:])>>15 // 49 bits: room to count up within 50
	} else {
		idState.lo++
		if idState.lo >= 1<<50 { // 50 bits fill the 10 random characters
			idState.hi++
			idState.lo = 0
		}
	}
	return idState.hi, idState.lo
}

// DerivedID is the id a record gets from its natural key: the same parts
// always give the same id (20 characters of the id alphabet taken from a
// SHA-256 of the parts), so work that is repeated after a failure, or by
// another replica, finds the record it made before instead of a twin.
// Derived ids do not sort by creation time.
func DerivedID(parts ...string) ID {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:]) // length-prefixed: ("ab", "c") and ("a", "bc") differ
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	var b [idLen]byte
	var acc uint64
	bits := 0
	j := 0
	for i := range b {
		for bits < 5 {
			acc = acc<<8 | uint64(sum[j])
			j++
			bits += 8
		}
		bits -= 5
		b[i] = idAlphabet[(acc>>bits)&31]
	}
	return ID(b[:])
}
