// Package ferrettest runs an in-process MongoDB-wire server (FerretDB over
// SQLite files) for tests of the MongoDB store and of what runs on it.
// Only tests import it: FerretDB must never ship in the binary.
package ferrettest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Start serves MongoDB's wire protocol on a free local port, keeping each
// database as an SQLite file in dir (without fsync: test data), until stop
// is called. logger nil discards FerretDB's log.
func Start(dir string, logger *slog.Logger) (uri string, stop func(), err error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/?_pragma=synchronous(off)",
		Logger:    logger,
	})
	if err != nil {
		return "", nil, fmt.Errorf("ferretdb.New: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	stop = func() {
		cancel()
		<-done
	}
	return f.MongoDBURI(), stop, nil // MongoDBURI waits until the listener is bound
}

// StartT is Start for one test: in a temporary directory, stopped when the
// test ends.
func StartT(tb testing.TB) string {
	tb.Helper()
	uri, stop, err := Start(tb.TempDir(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return uri
}
