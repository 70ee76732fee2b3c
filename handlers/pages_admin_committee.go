package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// committeeForm is the committee's header fields, signer blocks and
// distribution lists as the form posts them; a textarea holds one line
// per title or recipient.
type committeeForm struct {
	Version                int64  `form:"version"`
	Name                   string `form:"name"`
	SuperiorBody           string `form:"superiorBody"`
	IssuerCode             string `form:"issuerCode"`
	PlaceName              string `form:"placeName"`
	TimeZone               string `form:"timeZone"`
	ResolutionSignerTitles string `form:"resolutionSignerTitles"`
	ResolutionSignerName   string `form:"resolutionSignerName"`
	ResolutionRecipients   string `form:"resolutionRecipients"`
	ReportSignerTitles     string `form:"reportSignerTitles"`
	ReportSignerName       string `form:"reportSignerName"`
	ReportRecipients       string `form:"reportRecipients"`
}

// documentFields are the form fields of the signer blocks and lists: a
// post without any of them leaves the stored blocks alone.
var documentFields = []string{"resolutionSignerTitles", "resolutionSignerName", "resolutionRecipients",
	"reportSignerTitles", "reportSignerName", "reportRecipients"}

// committeeFormOf shows the blocks the documents print: a block the
// committee never set shows the default it falls back to.
func committeeFormOf(cm models.Committee) committeeForm {
	d := cm.Documents.OrDefaults()
	return committeeForm{Version: cm.Version, Name: cm.Name, SuperiorBody: cm.SuperiorBody,
		IssuerCode: cm.IssuerCode, PlaceName: cm.PlaceName, TimeZone: cm.TimeZone,
		ResolutionSignerTitles: strings.Join(d.ResolutionSigner.Titles, "\n"), ResolutionSignerName: d.ResolutionSigner.Name,
		ResolutionRecipients: strings.Join(d.ResolutionRecipients, "\n"),
		ReportSignerTitles:   strings.Join(d.ReportSigner.Titles, "\n"), ReportSignerName: d.ReportSigner.Name,
		ReportRecipients: strings.Join(d.ReportRecipients, "\n")}
}

// documents is the form's blocks for the service, which trims the lines
// and drops blank ones.
func (f committeeForm) documents() *models.DocumentSettings {
	lines := func(s string) []string { return strings.Split(s, "\n") }
	return &models.DocumentSettings{
		ResolutionSigner:     models.Signer{Titles: lines(f.ResolutionSignerTitles), Name: f.ResolutionSignerName},
		ResolutionRecipients: lines(f.ResolutionRecipients),
		ReportSigner:         models.Signer{Titles: lines(f.ReportSignerTitles), Name: f.ReportSignerName},
		ReportRecipients:     lines(f.ReportRecipients),
	}
}

// documentBlock is one signer block with its "Nơi nhận" list, as the page
// shows it: Field prefixes the form fields ("resolution" →
// "resolutionSignerTitles") and names the problems' fields.
type documentBlock struct {
	Field, Legend            string
	Titles, Name, Recipients string
	TitlesErr, NameErr       string
	RecipientsErr            string
}

func documentBlocks(f committeeForm, errs fieldErrors) []documentBlock {
	block := func(field, legend, titles, name, recipients string) documentBlock {
		return documentBlock{Field: field, Legend: legend, Titles: titles, Name: name, Recipients: recipients,
			TitlesErr: errs["documents."+field+"Signer.titles"], NameErr: errs["documents."+field+"Signer.name"],
			RecipientsErr: errs["documents."+field+"Recipients"]}
	}
	return []documentBlock{
		block("resolution", "committee.docs.resolution", f.ResolutionSignerTitles, f.ResolutionSignerName, f.ResolutionRecipients),
		block("report", "committee.docs.report", f.ReportSignerTitles, f.ReportSignerName, f.ReportRecipients),
	}
}

// TitleLines and RecipientLines are the non-blank lines, for the summaries.
func (b documentBlock) TitleLines() []string     { return nonBlankLines(b.Titles) }
func (b documentBlock) RecipientLines() []string { return nonBlankLines(b.Recipients) }

func nonBlankLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

type committeeView struct {
	web.Layout
	CanEdit bool
	Form    committeeForm
	Blocks  []documentBlock // the form's signer blocks and lists
	Err     fieldErrors
	// Current is the stored record when the form was made from an older
	// one; CurrentBlocks are its signer blocks and lists.
	Current       *committeeForm
	CurrentBlocks []documentBlock
	Zones         []string
}

// timeZones are offered in the time zone field; others may be typed.
var timeZones = []string{models.DefaultTimeZone, "Asia/Bangkok", "UTC"}

func (ad *adminPages) committee(c *gin.Context) {
	cm, err := ad.svc.Committees.Get(c.Request.Context(), actor(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	ad.renderCommittee(c, http.StatusOK, committeeFormOf(cm), nil, nil)
}

func (ad *adminPages) renderCommittee(c *gin.Context, status int, f committeeForm, errs fieldErrors, current *committeeForm) {
	v := committeeView{
		Layout:  ad.adminLayout(c, "admin.committee.title"),
		CanEdit: models.Can(actor(c).Role, models.ActManageCommittee),
		Form:    f, Blocks: documentBlocks(f, errs), Err: errs, Current: current, Zones: timeZones,
	}
	if current != nil {
		v.CurrentBlocks = documentBlocks(*current, nil)
		v.Alert = ad.t(c, "admin.conflict")
	} else if len(errs) > 0 {
		v.Alert = ad.t(c, "admin.not_saved")
	}
	ad.render(c, status, "admin_committee", v)
}

// saveCommittee writes the header fields. A form made from an older
// version comes back with the stored values beside the user's input and
// the newer version, so a second save is a deliberate overwrite.
func (ad *adminPages) saveCommittee(c *gin.Context) {
	if !ad.require(c, models.ActManageCommittee) {
		return
	}
	var f committeeForm
	if !ad.bindForm(c, &f) || !ad.version(c, f.Version) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	patch := directory.CommitteePatch{
		Version: f.Version, Name: &f.Name, SuperiorBody: &f.SuperiorBody,
		IssuerCode: &f.IssuerCode, PlaceName: &f.PlaceName, TimeZone: &f.TimeZone,
	}
	for _, field := range documentFields {
		if _, posted := c.Request.PostForm[field]; posted {
			patch.Documents = f.documents()
			break
		}
	}
	_, err := ad.svc.Committees.Update(ctx, a, patch)
	if errors.Is(err, models.ErrConflict) {
		cm, gerr := ad.svc.Committees.Get(ctx, a)
		if gerr != nil {
			ad.fail(c, gerr)
			return
		}
		cur := committeeFormOf(cm)
		f.Version = cm.Version
		ad.renderCommittee(c, http.StatusConflict, f, nil, &cur)
		return
	}
	if errs, ok := committeeProblems(language(c), err); ok {
		ad.renderCommittee(c, http.StatusUnprocessableEntity, f, errs, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/committee?notice=committee_saved")
}

// committeeProblems are the form's problems in the page's language; the
// limits on a block's lines get their own words.
func committeeProblems(lang string, err error) (fieldErrors, bool) {
	errs, ok := problemsOf(lang, err)
	var ve *models.ValidationError
	if !ok || !errors.As(err, &ve) {
		return errs, ok
	}
	for field, msg := range ve.Fields {
		if !strings.HasPrefix(field, "documents.") || strings.HasSuffix(field, ".name") {
			continue
		}
		var most int
		if msg == "too long" {
			errs[field] = web.T(lang, "committee.problem.line_too_long")
		} else if _, serr := fmt.Sscanf(msg, "at most %d lines", &most); serr == nil {
			errs[field] = web.T(lang, "committee.problem.lines", most)
		}
	}
	return errs, true
}
