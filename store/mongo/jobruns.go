package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
)

// jobRuns holds one small document per job (_id = name), unsharded.
type jobRuns struct{ s *Store }

type jobStatusDoc struct {
	Name         string    `bson:"_id"`
	LastRunAt    time.Time `bson:"lastRunAt"`
	LastTook     int64     `bson:"lastTook"`
	LastSummary  string    `bson:"lastSummary"`
	LastInstance string    `bson:"lastInstance"`
	LastOKAt     time.Time `bson:"lastOkAt"`
	LastError    string    `bson:"lastError"`
	LastErrorAt  time.Time `bson:"lastErrorAt"`
	Runs         int64     `bson:"runs"`
	Failures     int64     `bson:"failures"`
}

// Record is two single-document updates without a transaction: the first
// adds the counters and moves the times forward ($max), the second fills
// in the run's details only if it is still the latest run (or error). A
// crash between them leaves older details next to newer times, which the
// next run repairs; nothing depends on these fields but the job page.
func (r jobRuns) Record(ctx context.Context, run models.JobRun) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	at := ms(run.StartedAt)
	never := time.Unix(0, 0).UTC()
	okAt, errAt, failed := never, never, 0
	if run.Error == "" {
		okAt = at
	} else {
		errAt, failed = at, 1
	}
	coll := r.s.coll(collJobRuns)
	_, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: run.Name}}, bson.D{
		{Key: "$max", Value: bson.D{{Key: "lastRunAt", Value: at}, {Key: "lastOkAt", Value: okAt}, {Key: "lastErrorAt", Value: errAt}}},
		{Key: "$inc", Value: bson.D{{Key: "runs", Value: 1}, {Key: "failures", Value: failed}}},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return mapErr(err, "record job %s", run.Name)
	}
	_, err = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: run.Name}, {Key: "lastRunAt", Value: at}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "lastTook", Value: int64(run.Took)}, {Key: "lastSummary", Value: run.Summary}, {Key: "lastInstance", Value: run.Instance},
	}}})
	if err != nil || run.Error == "" {
		return mapErr(err, "record job %s", run.Name)
	}
	_, err = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: run.Name}, {Key: "lastErrorAt", Value: at}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "lastError", Value: run.Error}}}})
	return mapErr(err, "record job %s", run.Name)
}

func (r jobRuns) List(ctx context.Context) ([]models.JobStatus, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[jobStatusDoc](ctx, r.s.coll(collJobRuns), bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}), "job runs")
	if err != nil {
		return nil, err
	}
	return convertAll(docs, func(d jobStatusDoc) models.JobStatus {
		return models.JobStatus{Name: d.Name, LastRunAt: sinceEpoch(d.LastRunAt), LastTook: time.Duration(d.LastTook),
			LastSummary: d.LastSummary, LastInstance: d.LastInstance, LastOKAt: sinceEpoch(d.LastOKAt),
			LastError: d.LastError, LastErrorAt: sinceEpoch(d.LastErrorAt), Runs: d.Runs, Failures: d.Failures}
	}), nil
}

// sinceEpoch turns the stored "never" (the Unix epoch, which $max can
// compare) back into the zero time.
func sinceEpoch(t time.Time) time.Time {
	if t.IsZero() || t.Unix() == 0 {
		return time.Time{}
	}
	return t.UTC()
}
