// Package archtest holds only a test: it lists the module's packages with
// `go list -deps -json` and fails on any import that points the wrong way
// (see the layering in STYLE.md: cmd → handlers, jobs → services → store →
// models; adapters import store and models only).
package archtest
