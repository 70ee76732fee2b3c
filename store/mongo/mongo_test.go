package mongo_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mongodrv "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/mongo"
)

const realMongoEnv = "THEODOI_TEST_MONGODB_URI"

// One FerretDB (MongoDB wire protocol over SQLite, in process) serves the
// whole package run; every store gets its own database.
var ferret struct {
	once sync.Once
	uri  string
	err  error
	stop func()
	dir  string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if ferret.stop != nil {
		ferret.stop()
	}
	if ferret.dir != "" {
		_ = os.RemoveAll(ferret.dir)
	}
	os.Exit(code)
}

// ferretURI starts FerretDB on first use and returns its URI.
func ferretURI(t *testing.T) string {
	t.Helper()
	ferret.once.Do(func() {
		dir, err := os.MkdirTemp("", "theodoi-ferretdb-")
		if err != nil {
			ferret.err = err
			return
		}
		ferret.dir = dir
		var logger *slog.Logger
		if os.Getenv("THEODOI_TEST_FERRETDB_LOG") != "" {
			logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
		}
		ferret.uri, ferret.stop, ferret.err = ferrettest.Start(dir, logger)
	})
	if ferret.err != nil {
		t.Fatal(ferret.err)
	}
	return ferret.uri
}

var dbSeq atomic.Int64

// runID keeps database names of concurrent or earlier runs apart on a
// shared real MongoDB.
var runID = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

// openFresh opens a store on a new, empty database and drops it afterwards.
func openFresh(t *testing.T, uri string) *mongo.Store {
	t.Helper()
	name := fmt.Sprintf("theodoi_test_%s_%d", runID, dbSeq.Add(1))
	s, err := mongo.Open(t.Context(), uri, mongo.Options{Database: name, AppName: "theodoi-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.DropDatabaseForTest(ctx); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// backends runs fn against FerretDB and, when configured, a real MongoDB.
//
// FerretDB 1.x does not apply an update atomically: it reads the matching
// documents, then writes them, so two connections can both pass the same
// {version: expected} filter and one update is lost. MongoDB applies a
// single-document update atomically, which is what the adapter relies on.
// One connection per client (maxPoolSize=1) makes FerretDB run a store's
// commands one at a time, which gives it that atomicity; goroutines still
// interleave between commands, so stale versions and conflicts still occur.
func backends(t *testing.T, fn func(t *testing.T, uri string)) {
	t.Run("FerretDB", func(t *testing.T) { fn(t, ferretURI(t)+"?maxPoolSize=1") })
	t.Run("MongoDB", func(t *testing.T) {
		uri := os.Getenv(realMongoEnv)
		if uri == "" {
			t.Skip(realMongoEnv + " is not set: not running against a real MongoDB")
		}
		fn(t, uri)
	})
}

// Every index on a committee-partitioned collection must start with
// committeeId, so the collection can be sharded on it; the only others are
// those of the notices' queries across committees.
func TestIndexesStartWithCommittee(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		// Opening a second time must not fail on the existing indexes.
		again, err := mongo.Open(t.Context(), uri, mongo.Options{Database: s.DatabaseNameForTest()})
		if err != nil {
			t.Fatalf("second Open on the same database: %v", err)
		}
		defer again.Close()

		client := connect(t, uri)
		db := client.Database(s.DatabaseNameForTest())
		acrossCommittees := map[string]bool{"notices.mailed_due": true, "notices.at": true}
		for _, coll := range []string{"units", "areas", "periods", "tasks", "progress", "audit", "imports", "importFiles", "ledger", "notices", "attachments"} {
			cur, err := db.Collection(coll).Indexes().List(t.Context())
			if err != nil {
				t.Fatalf("%s: %v", coll, err)
			}
			var specs []struct {
				Name string `bson:"name"`
				Key  bson.D `bson:"key"`
			}
			if err := cur.All(t.Context(), &specs); err != nil {
				t.Fatalf("%s: %v", coll, err)
			}
			if len(specs) < 2 {
				t.Errorf("%s: only %d indexes", coll, len(specs))
			}
			for _, ix := range specs {
				if ix.Name == "_id_" || acrossCommittees[coll+"."+ix.Name] {
					continue
				}
				if len(ix.Key) == 0 || ix.Key[0].Key != "committeeId" {
					t.Errorf("%s: index %s %v does not start with committeeId", coll, ix.Name, ix.Key)
				}
			}
		}
	})
}

func connect(t *testing.T, uri string) *mongodrv.Client {
	t.Helper()
	c, err := mongodrv.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Disconnect(context.Background()) })
	return c
}

// A retried task update (same audit id) after the task was saved finishes
// the audit and progress inserts and succeeds, once; a different change
// with the same stale version is a conflict.
func TestTaskUpdateRetry(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		now := time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)
		c := models.ID("c000000000000000000a")
		task := models.Task{ID: models.NewID(now), CommitteeID: c, Period: "2021-09", AreaID: models.NewID(now),
			Text: "Thu ngân sách", LeadUnitID: models.NewID(now), State: models.StateNotStarted, Version: 1,
			CreatedAt: now, UpdatedAt: now}
		task.Derive(time.UTC, 1)
		if err := s.Tasks().Create(ctx, task, models.AuditEntry{ID: models.NewID(now), CommitteeID: c, Entity: models.EntityTask, EntityID: task.ID, Action: "create", At: now}); err != nil {
			t.Fatal(err)
		}
		next := task
		next.State, next.Percent, next.Version = models.StateInProgress, 30, 2
		ch := store.TaskChange{
			Task: next, Expected: 1,
			Audit:    models.AuditEntry{ID: models.NewID(now), CommitteeID: c, Entity: models.EntityTask, EntityID: task.ID, Action: "progress", At: now},
			Progress: &models.Progress{ID: models.NewID(now), CommitteeID: c, TaskID: task.ID, Kind: models.ProgressReport, Percent: 30, At: now},
		}
		for i := range 2 {
			if err := s.Tasks().Update(ctx, ch); err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		other := ch
		other.Audit.ID, other.Progress = models.NewID(now), nil
		if err := s.Tasks().Update(ctx, other); !errors.Is(err, models.ErrConflict) {
			t.Errorf("another change on the stale version: %v, want ErrConflict", err)
		}
		trail, err := s.Audit().List(ctx, store.AuditFilter{Committee: c, EntityID: task.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 2 {
			t.Errorf("audit entries: got %d, want 2 (create, progress)", len(trail))
		}
		hist, err := s.Tasks().Progress(ctx, c, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 {
			t.Errorf("progress entries: got %d, want 1", len(hist))
		}
	})
}

// Filters never turn input into operators: a query full of regex and
// operator syntax matches literally (or not at all) and never errors.
func TestTaskListHostileInput(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		for _, q := range []string{`.*`, `$where`, `{"$gt": ""}`, `a|b`, `(`, `\`} {
			list, n, err := s.Tasks().List(t.Context(), store.TaskFilter{Committee: "c000000000000000000a", Query: q, UnitID: models.ID(`{"$ne":1}`)})
			if err != nil || n != 0 || len(list) != 0 {
				t.Errorf("query %q: %d tasks, total %d, err %v", q, len(list), n, err)
			}
		}
	})
}

func TestOpenDatabaseName(t *testing.T) {
	uri := ferretURI(t)
	for _, tc := range []struct{ uri, opt, want string }{
		{uri, "", mongo.DefaultDatabase},
		{strings.TrimSuffix(uri, "/") + "/fromuri", "", "fromuri"},
		{strings.TrimSuffix(uri, "/") + "/fromuri", "fromopts", "fromopts"},
	} {
		s, err := mongo.Open(t.Context(), tc.uri, mongo.Options{Database: tc.opt})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.DatabaseNameForTest(); got != tc.want {
			t.Errorf("Open(%q, %q): database %q, want %q", tc.uri, tc.opt, got, tc.want)
		}
		_ = s.Close()
	}
}

// A CreateMany that saved its tasks but not all their audit entries (the
// entries are removed behind the store's back to simulate it) is finished
// by calling it again: the missing entries are added, none twice.
func TestTaskCreateManyRetryFinishesAudit(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		now := time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)
		c := models.ID("c000000000000000000a")
		var ts []models.Task
		var audits []models.AuditEntry
		for range 3 {
			task := models.Task{ID: models.NewID(now), CommitteeID: c, Period: "2021-09", AreaID: models.NewID(now),
				Text: "Thu ngân sách", LeadUnitID: models.NewID(now), State: models.StateNotStarted, Version: 1,
				CreatedAt: now, UpdatedAt: now}
			task.Derive(time.UTC, 1)
			ts = append(ts, task)
			audits = append(audits, models.AuditEntry{ID: models.NewID(now), CommitteeID: c, Entity: models.EntityTask, EntityID: task.ID, Action: "create", At: now})
		}
		if err := s.Tasks().CreateMany(ctx, ts, audits); err != nil {
			t.Fatal(err)
		}
		db := connect(t, uri).Database(s.DatabaseNameForTest())
		if _, err := db.Collection("audit").DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{audits[0].ID, audits[2].ID}}}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Tasks().CreateMany(ctx, ts, audits); err != nil {
			t.Fatalf("retry: %v", err)
		}
		for _, task := range ts {
			trail, err := s.Audit().List(ctx, store.AuditFilter{Committee: c, EntityID: task.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(trail) != 1 {
				t.Errorf("task %s: %d audit entries after the retry, want 1", task.ID, len(trail))
			}
		}
		// A task id taken in another committee is not "already created".
		other := ts[0]
		other.CommitteeID = "c000000000000000000b"
		err := s.Tasks().CreateMany(ctx, []models.Task{other}, []models.AuditEntry{{ID: models.NewID(now), CommitteeID: other.CommitteeID}})
		if !errors.Is(err, models.ErrDuplicate) {
			t.Errorf("CreateMany with an id of another committee's task: %v, want ErrDuplicate", err)
		}
	})
}

// Imports.Create retried with the same audit id succeeds once; after an
// attempt that saved only the file, a retry replaces the file and saves
// the import.
func TestImportCreateRetry(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		now := time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)
		c := models.ID("c000000000000000000a")
		imp := models.Import{ID: models.NewID(now), CommitteeID: c, Status: models.ImportDraft, FileName: "nq.docx",
			ContentHash: "abc", Month: "2021-10", Version: 1, CreatedAt: now, UpdatedAt: now}
		audit := models.AuditEntry{ID: models.NewID(now), CommitteeID: c, Entity: models.EntityImport, EntityID: imp.ID, Action: "create", At: now}
		for i := range 2 {
			if err := s.Imports().Create(ctx, imp, []byte("v1"), audit); err != nil {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		trail, err := s.Audit().List(ctx, store.AuditFilter{Committee: c, EntityID: imp.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 1 {
			t.Errorf("audit entries after a retried Create: %d, want 1", len(trail))
		}

		// An attempt that stopped after saving the file.
		orphan := imp
		orphan.ID = models.NewID(now)
		orphanAudit := audit
		orphanAudit.ID, orphanAudit.EntityID = models.NewID(now), orphan.ID
		if err := s.Imports().Create(ctx, orphan, []byte("partial"), orphanAudit); err != nil {
			t.Fatal(err)
		}
		db := connect(t, uri).Database(s.DatabaseNameForTest())
		for _, coll := range []string{"imports", "audit"} {
			if _, err := db.Collection(coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: map[string]models.ID{"imports": orphan.ID, "audit": orphanAudit.ID}[coll]}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Imports().Create(ctx, orphan, []byte("complete"), orphanAudit); err != nil {
			t.Fatalf("retry after a saved file: %v", err)
		}
		file, err := s.Imports().File(ctx, c, orphan.ID)
		if err != nil || string(file) != "complete" {
			t.Errorf("file after the retry: %q, %v; want %q", file, err, "complete")
		}
		if _, err := s.Imports().Get(ctx, c, orphan.ID); err != nil {
			t.Errorf("import after the retry: %v", err)
		}
	})
}

// A mail preferences record saved before choices per event were kept (no
// notify field) reads back with no choices, as an empty map.
func TestMailPrefsWithoutNotify(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		c := models.ID("c000000000000000000a")
		db := connect(t, uri).Database(s.DatabaseNameForTest())
		if _, err := db.Collection("mailPrefs").InsertOne(ctx, bson.D{
			{Key: "committeeId", Value: c}, {Key: "address", Value: "vp@example.vn"}, {Key: "digest", Value: "weekly"},
			{Key: "reminders", Value: true}, {Key: "token", Value: string(c) + ".tok"}, {Key: "version", Value: int64(1)},
			{Key: "updatedAt", Value: time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)},
		}); err != nil {
			t.Fatal(err)
		}
		p, err := s.MailPrefs().Get(ctx, c, "vp@example.vn")
		if err != nil {
			t.Fatal(err)
		}
		if p.Notify == nil || len(p.Notify) != 0 {
			t.Errorf("Notify %#v, want an empty map", p.Notify)
		}
	})
}
