// Command theodoi is the whole product in one binary: the web server (the
// default), the command line for users and the demo loader.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/theodoi/theodoi/services"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "theodoi:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand; everything it needs comes in as arguments.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	return runCommand(ctx, cmd, args, &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr})
}

// runCommand runs one subcommand in env (tests build env themselves).
func runCommand(ctx context.Context, cmd string, args []string, env *environment) error {
	stdout, stderr := env.stdout, env.stderr
	switch cmd {
	case "serve":
		return serve(ctx, env, args)
	case "user":
		return userCommand(ctx, env, args)
	case "init":
		return initCommand(ctx, env, args)
	case "demo":
		return demoCommand(ctx, env, args)
	case "jobs":
		return jobsCommand(ctx, env, args)
	case "import":
		return importCommand(ctx, env, args)
	case "backup":
		return backupCommand(ctx, env, args)
	case "version":
		fmt.Fprintln(stdout, "theodoi", version)
		return nil
	case "help":
		printUsage(stdout)
		return nil
	}
	printUsage(stderr)
	return fmt.Errorf("unknown command %q", cmd)
}

// environment is the process's outside world, injected for tests.
type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// setupFault, in tests only, fails a committee's setup after a stage.
	setupFault func(stage string) error
}

// withSetupFault passes the test fault hook, if any, to the services.
func (e *environment) withSetupFault(o *services.Options) { o.SetupFault = e.setupFault }
