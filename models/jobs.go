package models

import "time"

// JobRun is one finished run of a background job on one replica.
type JobRun struct {
	Name      string
	Instance  string // the replica that ran it
	StartedAt time.Time
	Took      time.Duration
	Summary   string
	Error     string // empty when the run succeeded
}

// JobStatus is what every replica's runs of a job add up to, kept in the
// store so that an administrator sees the same on any replica.
type JobStatus struct {
	Name         string        `json:"name"`
	LastRunAt    time.Time     `json:"lastRunAt,omitzero"`
	LastTook     time.Duration `json:"lastTookNs"`
	LastSummary  string        `json:"lastSummary,omitempty"`
	LastInstance string        `json:"lastInstance,omitempty"`
	LastOKAt     time.Time     `json:"lastOkAt,omitzero"`
	LastError    string        `json:"lastError,omitempty"`
	LastErrorAt  time.Time     `json:"lastErrorAt,omitzero"`
	Runs         int64         `json:"runs"`
	Failures     int64         `json:"failures"`
}

// JobState is what administrators see of a background job: one
// replica's schedule with the last runs of every replica.
type JobState struct {
	Name        string    `json:"name"`
	Spec        string    `json:"spec"`
	Running     bool      `json:"running"`
	LastRunAt   time.Time `json:"lastRunAt,omitzero"`
	LastOKAt    time.Time `json:"lastOkAt,omitzero"`
	LastError   string    `json:"lastError,omitempty"`
	LastErrorAt time.Time `json:"lastErrorAt,omitzero"`
	LastSummary string    `json:"lastSummary,omitempty"`
	// LastInstance is the replica of the last run (shared state only).
	LastInstance string        `json:"lastInstance,omitempty"`
	LastTook     time.Duration `json:"lastTookNs"`
	NextRunAt    time.Time     `json:"nextRunAt,omitzero"`
	Runs         int           `json:"runs"`
	Failures     int           `json:"failures"`
}
