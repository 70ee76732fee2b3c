package main

import (
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/ferrettest"
)

// TestServeOnMongoDB: with THEODOI_MONGODB_URI set the server runs on
// MongoDB (here an in-process MongoDB-wire server): the demo loads, a
// printed account logs in, and a restart finds the data.
func TestServeOnMongoDB(t *testing.T) {
	// FerretDB applies concurrent updates of one document unsafely; one
	// connection keeps this test's writes in order (real MongoDB needs no such care).
	uri := ferrettest.StartT(t) + "?maxPoolSize=1"

	env := map[string]string{"THEODOI_MONGODB_URI": uri, "THEODOI_MONGODB_DATABASE": "theodoi_cmd_test", "THEODOI_DATA_DIR": t.TempDir()}
	url, out, stop := startServerEnv(t, env)
	email, pw := account(t, out.String(), "leader")
	var login struct{ Token string }
	login.Token, _ = firstSignIn(t, url, email, pw)
	var tasks struct{ Total int }
	if st := call(t, "GET", url+"/api/v1/tasks", login.Token, nil, &tasks); st != 200 || tasks.Total < 25 {
		t.Fatalf("tasks on MongoDB: %d, %d", st, tasks.Total)
	}
	stop()
	url2, out2, stop2 := startServerEnv(t, env)
	defer stop2()
	if strings.Contains(out2.String(), email) {
		t.Error("demo loaded twice")
	}
	if st := call(t, "GET", url2+"/api/v1/tasks", login.Token, nil, &tasks); st != 200 || tasks.Total < 25 {
		t.Fatalf("after restart: %d, %d", st, tasks.Total)
	}
}
