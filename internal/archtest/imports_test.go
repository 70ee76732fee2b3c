package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rule constrains the non-test imports of a package (or a package tree).
type rule struct {
	// subject is a module-relative package path; with tree, its
	// sub-packages too ("internal" with tree covers internal/...).
	subject string
	tree    bool
	// required rules fail when the subject is missing; the others wait
	// for the package to be written.
	required bool
	// stdOnly allows only the standard library plus allow (module-relative
	// paths), checked on direct imports.
	stdOnly bool
	allow   []string
	// forbid lists import paths that must not be in the subject's
	// dependency closure. "./x" is module-relative; a pattern also
	// matches everything below it.
	forbid []string
	// forbidDirect lists import paths the subject must not import itself
	// but may reach through a library.
	forbidDirect []string
	// within and mayUse keep layers inside a package tree: of the
	// packages in within (module-relative, the tree's root included), the
	// subject may import only those in mayUse.
	within string
	mayUse []string
}

// Database drivers: the packages that talk to a database.
var databaseDrivers = []string{
	"modernc.org/sqlite",
	"go.mongodb.org/mongo-driver/v2/mongo",
	"go.mongodb.org/mongo-driver/v2/x/mongo",
	"go.mongodb.org/mongo-driver/mongo",
	"go.mongodb.org/mongo-driver/x/mongo",
	"github.com/FerretDB/FerretDB",
}

// databaseModules are the drivers' whole modules. gin's form binding pulls
// in go.mongodb.org/mongo-driver/v2/bson, so handlers reach that module
// through gin; they must still not import any of it themselves.
var databaseModules = []string{"modernc.org/sqlite", "go.mongodb.org/mongo-driver", "github.com/FerretDB/FerretDB"}

var rules = []rule{
	{subject: "models", tree: true, required: true, stdOnly: true},
	{subject: "store", required: true, stdOnly: true, allow: []string{"models"}},
	{subject: "store/sqlite", tree: true, forbid: []string{"./services", "./handlers", "./jobs", "./cmd"}},
	{subject: "store/mongo", tree: true, forbid: []string{"./services", "./handlers", "./jobs", "./cmd"}},
	{subject: "services", tree: true, forbid: append([]string{"github.com/gin-gonic/gin",
		"./handlers", "./jobs", "./cmd", "./store/sqlite", "./store/mongo"}, databaseModules...)},
	{subject: "handlers", tree: true, forbid: append([]string{"./store/sqlite", "./store/mongo"}, databaseDrivers...),
		forbidDirect: databaseModules},
	{subject: "internal", tree: true, forbid: []string{"./services", "./handlers", "./jobs", "./cmd"}},
	// FerretDB serves the MongoDB wire protocol to tests only; it must never ship.
	{subject: "cmd/theodoi", forbid: []string{"github.com/FerretDB/FerretDB"}},
}

// serviceLayers are the capability packages under services, each with the
// ones it may use (services/doc.go draws the same table): lower layers
// only, never a sibling's service, never the services root that wires
// them. Go forbids cycles; these rules forbid edges that point up.
var serviceLayers = []rule{
	layer("services/internal/core"),
	layer("services/internal/words"),
	layer("services/figure", "core"),
	layer("services/outbox", "core", "words"),
	layer("services/directory", "core", "words", "figure", "outbox"),
	layer("services/notify", "core", "words", "figure", "outbox", "directory"),
	layer("services/task", "core", "words", "figure", "directory", "notify"),
	layer("services/imports", "core", "words", "directory", "notify", "task"),
	layer("services/monthend", "core", "words", "figure", "outbox", "directory", "notify", "task"),
	layer("services/report", "core", "words", "figure", "directory", "monthend"),
	layer("services/feed", "core", "words", "directory"),
	layer("services/export", "core", "directory", "task"),
}

// layer is a required rule over one services package; uses are short
// names (core and words live in services/internal).
func layer(subject string, uses ...string) rule {
	r := rule{subject: subject, required: true, within: "services"}
	for _, u := range uses {
		if u == "core" || u == "words" {
			u = "internal/" + u
		}
		r.mayUse = append(r.mayUse, "services/"+u)
	}
	return r
}

// pkg is the part of `go list -json` output the rules need.
type pkg struct {
	ImportPath string
	Standard   bool
	Imports    []string
	Deps       []string
	Module     *struct {
		Path string
		Main bool
	}
	Error *struct{ Err string }
}

// graph is the module's packages and everything they depend on.
type graph struct {
	module string
	pkgs   map[string]*pkg
}

func (g *graph) abs(rel string) string {
	if rel == "" {
		return g.module
	}
	return g.module + "/" + rel
}

// under reports whether path is pattern or below it.
func under(path, pattern string) bool {
	return path == pattern || strings.HasPrefix(path, pattern+"/")
}

func (g *graph) isStd(path string) bool {
	if p, ok := g.pkgs[path]; ok {
		return p.Standard
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// subjects are the module's packages a rule applies to, sorted.
func (g *graph) subjects(r rule) []*pkg {
	root := g.abs(r.subject)
	var out []*pkg
	for path, p := range g.pkgs {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		if path == root || (r.tree && under(path, root)) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *pkg) int { return strings.Compare(a.ImportPath, b.ImportPath) })
	return out
}

// path is the shortest import chain from one package to another, for the
// failure message ("a → b → c").
func (g *graph) path(from, to string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == to {
			var chain []string
			for p := cur; p != ""; p = prev[p] {
				chain = append(chain, p)
			}
			slices.Reverse(chain)
			return chain
		}
		if p, ok := g.pkgs[cur]; ok {
			for _, next := range p.Imports {
				if _, seen := prev[next]; !seen {
					prev[next] = cur
					queue = append(queue, next)
				}
			}
		}
	}
	return []string{from, "…", to}
}

// check applies the rules and returns one message per forbidden edge.
func (g *graph) check(rules []rule) []string {
	var problems []string
	for _, r := range rules {
		subjects := g.subjects(r)
		if len(subjects) == 0 {
			if r.required {
				problems = append(problems, fmt.Sprintf("package %s is missing", g.abs(r.subject)))
			}
			continue
		}
		for _, s := range subjects {
			if r.stdOnly {
				for _, imp := range s.Imports {
					if g.isStd(imp) || slices.ContainsFunc(r.allow, func(a string) bool { return under(imp, g.abs(a)) }) {
						continue
					}
					allowed := "the standard library"
					for _, a := range r.allow {
						allowed += " and " + g.abs(a)
					}
					problems = append(problems, fmt.Sprintf("%s imports %s: it may import only %s", s.ImportPath, imp, allowed))
				}
			}
			if r.within != "" {
				problems = append(problems, g.layerProblems(s, r)...)
			}
			for _, f := range r.forbidDirect {
				for _, imp := range s.Imports {
					if under(imp, f) {
						problems = append(problems, fmt.Sprintf("%s must not import %s", s.ImportPath, imp))
					}
				}
			}
			for _, f := range r.forbid {
				pattern := f
				if rel, ok := strings.CutPrefix(f, "./"); ok {
					pattern = g.abs(rel)
				}
				for _, dep := range s.Deps {
					if !under(dep, pattern) {
						continue
					}
					problems = append(problems, fmt.Sprintf("%s must not depend on %s: %s",
						s.ImportPath, pattern, strings.Join(g.path(s.ImportPath, dep), " → ")))
					break // one chain per forbidden pattern is enough
				}
			}
		}
	}
	return problems
}

// layerProblems lists s's imports inside r.within that r.mayUse omits.
func (g *graph) layerProblems(s *pkg, r rule) []string {
	var problems []string
	for _, imp := range s.Imports {
		if !under(imp, g.abs(r.within)) || under(imp, s.ImportPath) {
			continue
		}
		if slices.ContainsFunc(r.mayUse, func(u string) bool { return imp == g.abs(u) }) {
			continue
		}
		may := "none of them"
		if len(r.mayUse) > 0 {
			may = strings.Join(r.mayUse, ", ")
		}
		problems = append(problems, fmt.Sprintf("%s imports %s: of %s it may use only %s", s.ImportPath, imp, g.abs(r.within), may))
	}
	return problems
}

func TestImportDirection(t *testing.T) {
	g := listModule(t)
	for _, p := range g.check(append(rules, serviceLayers...)) {
		t.Error(p)
	}
}

// listModule runs go list in the module root.
func listModule(t *testing.T) *graph {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	gomod, err := exec.Command(goCmd, "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	modFile := strings.TrimSpace(string(gomod))
	if modFile == "" || modFile == "/dev/null" || modFile == "NUL" {
		t.Skip("not inside a module")
	}
	root := filepath.Dir(modFile)

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(goCmd, "list", "-e", "-deps", "-json", "./...")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	g, err := parseList(&stdout)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.pkgs {
		if p.Error != nil && p.Module != nil && p.Module.Main {
			// Broken code is for the compiler to report; its imports are still listed.
			t.Logf("%s: %s", p.ImportPath, p.Error.Err)
		}
	}
	return g
}

func parseList(r io.Reader) (*graph, error) {
	g := &graph{pkgs: make(map[string]*pkg)}
	dec := json.NewDecoder(r)
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list output: %w", err)
		}
		if p.Module != nil && p.Module.Main && g.module == "" {
			g.module = p.Module.Path
		}
		g.pkgs[p.ImportPath] = &p
	}
	if g.module == "" {
		return nil, errors.New("go list printed no package of the main module")
	}
	return g, nil
}

// TestRulesCatchForbiddenEdges runs the rules on a made-up module that
// breaks each of them, so a rule that silently matches nothing is noticed.
func TestRulesCatchForbiddenEdges(t *testing.T) {
	const m = "example.com/app"
	main := func(path string, imports ...string) *pkg {
		p := &pkg{ImportPath: path, Imports: imports}
		p.Module = &struct {
			Path string
			Main bool
		}{m, true}
		return p
	}
	ext := func(path string, imports ...string) *pkg { return &pkg{ImportPath: path, Imports: imports} }
	std := func(path string) *pkg { return &pkg{ImportPath: path, Standard: true} }
	g := &graph{module: m, pkgs: map[string]*pkg{}}
	for _, p := range []*pkg{
		std("fmt"), std("time"),
		ext("github.com/gin-gonic/gin", "fmt", "go.mongodb.org/mongo-driver/v2/bson"),
		ext("go.mongodb.org/mongo-driver/v2/bson"),
		ext("go.mongodb.org/mongo-driver/v2/mongo", "time"),
		ext("github.com/FerretDB/FerretDB/ferretdb", "go.mongodb.org/mongo-driver/v2/mongo"),
		ext("github.com/google/uuid"),
		main(m+"/models", "fmt", "github.com/google/uuid"),
		main(m+"/store", m+"/models", "github.com/google/uuid"),
		main(m+"/services", m+"/models", m+"/store", m+"/store/mongo"),
		main(m+"/store/mongo", m+"/store", "go.mongodb.org/mongo-driver/v2/mongo"),
		main(m+"/store/sqlite", m+"/store", m+"/handlers"),
		main(m+"/handlers", m+"/services", "github.com/gin-gonic/gin", "go.mongodb.org/mongo-driver/v2/bson"),
		main(m+"/internal/mailer", m+"/services"),
		main(m+"/cmd/theodoi", m+"/handlers", "github.com/FerretDB/FerretDB/ferretdb"),
		main(m+"/services/internal/core", m+"/models", m+"/store"),
		main(m+"/services/internal/words", m+"/models"),
		main(m+"/services/figure", m+"/services/internal/core", m+"/services/directory"),
		main(m+"/services/outbox", m+"/services/internal/core"),
		main(m+"/services/directory", m+"/services/internal/core", m+"/services/outbox", m+"/services"),
		main(m+"/services/notify", m+"/services/outbox"),
		main(m+"/services/task", m+"/services/notify", m+"/services/monthend"),
		main(m+"/services/imports", m+"/services/task"),
		main(m+"/services/monthend", m+"/services/task", m+"/services/report"),
		main(m+"/services/report", m+"/services/monthend", m+"/services/imports"),
		main(m+"/services/feed", m+"/services/internal/words"),
	} {
		g.pkgs[p.ImportPath] = p
	}
	// Deps is the transitive closure, as go list computes it.
	for _, p := range g.pkgs {
		seen := map[string]bool{}
		var visit func(string)
		visit = func(path string) {
			for _, imp := range g.pkgs[path].Imports {
				if !seen[imp] {
					seen[imp] = true
					visit(imp)
				}
			}
		}
		visit(p.ImportPath)
		for d := range seen {
			p.Deps = append(p.Deps, d)
		}
		slices.Sort(p.Deps)
	}

	got := strings.Join(g.check(append(rules, serviceLayers...)), "\n")
	for _, want := range []string{
		"example.com/app/services/figure imports example.com/app/services/directory: of example.com/app/services it may use only services/internal/core",
		"example.com/app/services/directory imports example.com/app/services: of example.com/app/services it may use only",
		"example.com/app/services/task imports example.com/app/services/monthend",
		"example.com/app/services/monthend imports example.com/app/services/report",
		"example.com/app/services/report imports example.com/app/services/imports",
		"example.com/app/models imports github.com/google/uuid",
		"example.com/app/store imports github.com/google/uuid: it may import only the standard library and example.com/app/models",
		"example.com/app/store/sqlite must not depend on example.com/app/handlers: example.com/app/store/sqlite → example.com/app/handlers",
		"example.com/app/services must not depend on example.com/app/store/mongo",
		"example.com/app/services must not depend on go.mongodb.org/mongo-driver: example.com/app/services → example.com/app/store/mongo → go.mongodb.org/mongo-driver/v2/mongo",
		"example.com/app/handlers must not depend on go.mongodb.org/mongo-driver/v2/mongo: example.com/app/handlers → example.com/app/services → example.com/app/store/mongo → go.mongodb.org/mongo-driver/v2/mongo",
		"example.com/app/handlers must not import go.mongodb.org/mongo-driver/v2/bson",
		"example.com/app/internal/mailer must not depend on example.com/app/services",
		"example.com/app/cmd/theodoi must not depend on github.com/FerretDB/FerretDB",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing problem %q in:\n%s", want, got)
		}
	}
	for _, innocent := range []string{"store/mongo must not", "services/notify imports", "services/imports imports",
		"services/feed imports", "services/outbox imports", "services/report imports example.com/app/services/monthend"} {
		if strings.Contains(got, innocent) {
			t.Errorf("%q broke no rule, yet:\n%s", innocent, got)
		}
	}

	// Absent packages: optional rules wait, required ones fail.
	empty := &graph{module: m, pkgs: map[string]*pkg{}}
	got = strings.Join(empty.check(rules), "\n")
	if !strings.Contains(got, "package example.com/app/models is missing") || strings.Contains(got, "services") {
		t.Errorf("on an empty module: %s", got)
	}
}
