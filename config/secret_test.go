package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const password = "s3cr3t-P4ss"

func TestSecretNeverLeaks(t *testing.T) {
	c, err := Load(getenv(map[string]string{"THEODOI_MONGODB_URI": "mongodb://theodoi:" + password + "@db:27017/?replicaSet=rs0"}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.MongoDBURI.Value(), password) {
		t.Fatalf("Value() = %q, want the real URI", c.MongoDBURI.Value())
	}

	outputs := map[string]string{}
	for _, verb := range []string{"%v", "%s", "%+v", "%#v", "%q", "%x", "%d", "%t", "%10s"} {
		outputs["Sprintf "+verb+" secret"] = fmt.Sprintf(verb, c.MongoDBURI)
		outputs["Sprintf "+verb+" config"] = fmt.Sprintf(verb, c)
		outputs["Sprintf "+verb+" *config"] = fmt.Sprintf(verb, &c)
	}
	outputs["Sprint"] = fmt.Sprint(c.MongoDBURI, c)
	outputs["String"] = c.MongoDBURI.String()
	outputs["GoString"] = c.MongoDBURI.GoString()

	for name, v := range map[string]any{"secret": c.MongoDBURI, "config": c} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs["json "+name] = string(b)
	}

	for _, format := range []string{"json", "text"} {
		var buf bytes.Buffer
		var h slog.Handler = slog.NewJSONHandler(&buf, nil)
		if format == "text" {
			h = slog.NewTextHandler(&buf, nil)
		}
		slog.New(h).Info("starting", "mongodb_uri", c.MongoDBURI, "config", c, slog.Any("any", c.MongoDBURI))
		outputs["slog "+format] = buf.String()
	}

	for name, out := range outputs {
		if strings.Contains(out, password) {
			t.Errorf("%s leaks the password: %s", name, out)
		}
	}
	for _, name := range []string{"Sprintf %v secret", "Sprintf %#v config", "json secret", "slog json", "slog text"} {
		if !strings.Contains(outputs[name], redacted) {
			t.Errorf("%s does not show %s: %s", name, redacted, outputs[name])
		}
	}
}

func TestEmptySecretShowsEmpty(t *testing.T) {
	var s Secret
	if got := fmt.Sprintf("%v|%s|%q", s, s, s); got != `||""` {
		t.Errorf("empty secret printed as %q", got)
	}
	if b, _ := json.Marshal(s); string(b) != `""` {
		t.Errorf("empty secret as JSON: %s", b)
	}
	if v := s.LogValue().String(); v != "" {
		t.Errorf("empty secret in slog: %q", v)
	}
}
