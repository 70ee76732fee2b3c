// Package services holds the use cases, one package per capability, and
// wires them: New builds every package's services over one store and
// returns Services, the one value cmd builds and handlers and jobs use.
//
// Every method takes the context first and, where a person acts, the
// models.Actor; permissions are enforced here, not only in handlers.
// Services depend on store interfaces and a clock, never on gin or a
// database driver.
//
// The packages, bottom to top. Each may use only the packages listed
// after it; internal/archtest fails the build of the tests when an
// import points anywhere else (up, or to a sibling not listed).
//
//	internal/core   the Base every service embeds: store, clock,
//	                committees with their zones, permission and id
//	                checks, conflict retry, audit entries, text
//	                normalisation                                     (none)
//	internal/words  dates, months and task texts as Vietnamese mail,
//	                feeds and documents print them                    (none)
//	figure          a month's figures: the one figures definition,
//	                frozen at closing or counted live                 core
//	outbox          the mail outbox, delivery, mail choices and the
//	                unsubscribe link                                  core, words
//	directory       committee, units, areas, months, people, sign-in,
//	                accounts, setup, audit trail, job records         core, words, figure, outbox
//	notify          who hears of a change (the event table and its
//	                fan-out), in-app notices, their mail, reminders,
//	                digests                                           core, words, figure, outbox, directory
//	task            the one task-change path (Writer), lists, bulk
//	                actions, progress, the month dashboard            core, words, figure, directory, notify
//	imports         reading, reviewing and committing a resolution    core, words, directory, notify, task
//	monthend        closing a month and the carry-over                core, words, figure, outbox, directory, notify, task
//	report          the review, the carry-over list, the draft, the
//	                unit report and their words                       core, words, figure, directory, monthend
//	feed            the calendar feed                                 core, words, directory
//	export          task lists and month figures as .xlsx and CSV     core, directory, task
//
// Shared reads come from the lower package (the directory, the figures),
// never from building a sibling's service value. A task changes only
// through task.Writer: people's actions, bulk actions, the import and the
// month end all describe their change as a task.Edit.
package services
