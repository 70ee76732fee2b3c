package suggest

import "github.com/theodoi/theodoi/models"

// The confidence of a suggested lead is a fixed step per way of finding
// it, not a probability: the review page shows it as a percentage and
// marks everything below LowConfidence for a person to check first. Each
// rule row (rules.go) carries one of these steps.
//
//	1.0  the resolution's own task table names the unit ("Đơn vị chủ trì")
//	0.9  a unit is named as the subject at the start: "Hội LHPN phường tổ chức…"
//	0.8  a group subject with the body that directs it ("Các trường…" → UBND),
//	     or the committee's own leadership ("Lãnh đạo…" → Ban Thường vụ)
//	0.7  a weaker group ("Các chi bộ…", "khối mặt trận…" mid-sentence),
//	     a keyword that names one body's own work (kiểm tra, giám sát → UBKT),
//	     or two keyword rules that agree
//	0.6  one keyword rule
//	-- below LowConfidence: to be checked --
//	0.4  a rule whose body the committee lacks, so a stand-in is offered
//	0.3  the area's default unit, nothing in the text
//	0    nothing found: no lead
const (
	confTable        = 1.0
	confNamedSubject = 0.9
	confGroup        = 0.8
	confBloc         = 0.7
	confKeywords     = 0.7
	confKeyword      = 0.6
	confStandIn      = 0.4
	confAreaDefault  = 0.3
)

// LowConfidence is the confidence below which a suggested lead is a
// guess that the reviewer should confirm before anything else (the
// review page marks it from models.Suggestion.Low).
const LowConfidence = models.LowLeadConfidence

const reasonNoLead = "chưa xác định được đơn vị chủ trì"
