package mongo

import (
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/theodoi/theodoi/models"
)

// unavailableCodes are the server's answers that mean "no storage to
// write to now" rather than "this request is wrong": the server or its
// primary is going away or unreachable, or its disk is full. A request
// that meets one is worth retrying later, unchanged.
var unavailableCodes = []int{
	6,     // HostUnreachable
	7,     // HostNotFound
	89,    // NetworkTimeout
	91,    // ShutdownInProgress
	189,   // PrimarySteppedDown
	10107, // NotWritablePrimary
	11600, // InterruptedAtShutdown
	11602, // InterruptedDueToReplStateChange
	13435, // NotPrimaryNoSecondaryOk
	13436, // NotPrimaryOrSecondary
	14031, // OutOfDiskSpace
}

// unavailable marks err with models.ErrUnavailable when it says the
// database cannot be reached or cannot write, so the API answers 503
// ("nothing was changed, try again") instead of 500.
func unavailable(err error) error {
	if err == nil || errors.Is(err, models.ErrUnavailable) || !isUnavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", models.ErrUnavailable, err)
}

func isUnavailable(err error) bool {
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) {
		return true
	}
	var se mongo.ServerError
	if !errors.As(err, &se) {
		return false
	}
	for _, code := range unavailableCodes {
		if se.HasErrorCode(code) {
			return true
		}
	}
	return false
}
