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
