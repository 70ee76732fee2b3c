package mongo_test

import (
	"testing"

	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/storetest"
)

// TestContract runs the store contract suite against the MongoDB wire
// protocol: FerretDB in process always, a real MongoDB when
// THEODOI_TEST_MONGODB_URI is set.
func TestContract(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t, uri) })
	})
}
