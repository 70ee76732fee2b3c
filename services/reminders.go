package services

// ReminderService e-mails units about tasks that are due soon or overdue.
type ReminderService struct {
	base
	mail    *MailService
	baseURL string
}
