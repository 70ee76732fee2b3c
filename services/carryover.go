package services

// CarryOverService closes a month: unfinished tasks roll into the next one.
type CarryOverService struct {
	base
	mail *MailService
}
