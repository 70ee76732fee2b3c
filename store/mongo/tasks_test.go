package mongo

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// onlyDuplicates lets duplicate keys through and nothing else.
func TestOnlyDuplicates(t *testing.T) {
	write := func(code int, msg string) mongo.BulkWriteError {
		return mongo.BulkWriteError{WriteError: mongo.WriteError{Code: code, Message: msg}}
	}
	dup := write(11000, "E11000 duplicate key error collection: theodoi.tasks index: _id_")
	for _, tc := range []struct {
		name      string
		err       error
		taken, ok bool
	}{
		{"no error", nil, false, true},
		{"duplicates only", mongo.BulkWriteException{WriteErrors: []mongo.BulkWriteError{dup, dup}}, true, true},
		{"mongos duplicate", mongo.BulkWriteException{WriteErrors: []mongo.BulkWriteError{write(16460, "error inserting 1 documents to shard :: caused by :: E11000 duplicate key")}}, true, true},
		{"a duplicate and a validation failure", mongo.BulkWriteException{WriteErrors: []mongo.BulkWriteError{dup, write(121, "Document failed validation")}}, false, false},
		{"document too large", mongo.BulkWriteException{WriteErrors: []mongo.BulkWriteError{write(10334, "object to insert too large")}}, false, false},
		{"duplicates and a write concern error", mongo.BulkWriteException{WriteErrors: []mongo.BulkWriteError{dup}, WriteConcernError: &mongo.WriteConcernError{Code: 64}}, false, false},
		{"write concern error alone", mongo.BulkWriteException{WriteConcernError: &mongo.WriteConcernError{Code: 64}}, false, false},
		{"not a write error", context.DeadlineExceeded, false, false},
	} {
		taken, err := onlyDuplicates(tc.err)
		if taken != tc.taken || (err == nil) != tc.ok {
			t.Errorf("%s: taken %v, error %v; want taken %v, ok %v", tc.name, taken, err, tc.taken, tc.ok)
		}
		if err != nil && err.Error() != tc.err.Error() {
			t.Errorf("%s: returned %v, not the error given", tc.name, err)
		}
	}
}
