package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/theodoi/theodoi/config"
)

func printUsage(w io.Writer) {
	fmt.Fprint(w, `theodoi — theo dõi nhiệm vụ theo Nghị quyết tháng của Đảng ủy
theodoi — monthly resolution task follow-up for Party committees

Usage:
  theodoi [serve] [--addr :8080] [--data-dir ./data]   run the web server (default)
  theodoi init --committee NAME --admin-email E --admin-name N [--superior S] [--place P]
               [--issuer-code ĐU] [--timezone Asia/Ho_Chi_Minh] [--units standard|none] [--areas standard|none]
                                                      create a committee with its units, areas and first
                                                      administrator (password from standard input); all or nothing
  theodoi user add --email E --name N --role R [--unit ID] [--committee ID] [--invite]
                                                      add a user; the password is read from standard input,
                                                      or with --invite an e-mailed link lets them choose one
  theodoi user passwd --email E                       set a user's password, read from standard input
  theodoi import FILE [--committee ID] [--dry-run] [--json]
                                                      read a resolution (.docx or text export): show its
                                                      tasks and suggested units; store a draft import
  theodoi jobs list                                   the background jobs and their schedules
  theodoi jobs run dispatch|notify|reminders|digests|carryover|sessions|backup [--at RFC3339-TIME]
                                                      run one job now, as of the given time
  theodoi backup [FILE]                               copy the embedded database now (safe while the
                                                      server runs); default: into THEODOI_BACKUP_DIR
  theodoi demo                                        load the demo committee (temporary passwords, printed once)
  theodoi version                                     print the version
  theodoi help                                        this text

Roles: admin, leader, office, unit, viewer (unit users need --unit).

Environment:
`)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	for _, v := range config.Describe() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.Name, v.Default, v.Description)
	}
	tw.Flush()
}
