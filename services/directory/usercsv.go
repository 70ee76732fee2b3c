package directory

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// MaxImportLines caps the data lines of one list of people.
const MaxImportLines = 2000

// Why a whole list was refused: the "file" field of the validation error.
const (
	ImportFileEmpty     = "empty"
	ImportFileNotUTF8   = "not UTF-8"
	ImportFileMalformed = "malformed CSV"
	ImportFileHeader    = "needs a name and an email column"
	ImportFileTooMany   = "too many lines"
	// ImportFileTwice is followed by the column's name: name, email, role, unit, language.
	ImportFileTwice = "column named twice: "
)

// Problems of one line of a list of people. They are stable codes,
// "<column>.<reason>", which pages and clients put into words
// (web/i18n/usercsv.*.json).
const (
	ProblemEmailExists    = "email.exists"    // skipped: already a user of this committee
	ProblemEmailRequired  = "email.required"  // no address on the line
	ProblemEmailInvalid   = "email.invalid"   // not an e-mail address
	ProblemEmailDuplicate = "email.duplicate" // an earlier line of the file has the address
	ProblemEmailTaken     = "email.taken"     // a user of another committee has the address
	ProblemRoleUnknown    = "role.unknown"
	ProblemUnitUnknown    = "unit.unknown"
	ProblemUnitAmbiguous  = "unit.ambiguous" // several active units have the name
	ProblemUnitDisabled   = "unit.disabled"
	ProblemUnitRequired   = "unit.required" // a unit officer without a unit
	ProblemLangUnknown    = "language.unknown"
)

// UserImportLine is a line of the file that was not created, and why.
// Line counts from 1, the header being line 1.
type UserImportLine struct {
	Line    int    `json:"line"`
	Email   string `json:"email"`
	Problem string `json:"problem"`
}

// UserImportResult says what became of each data line.
type UserImportResult struct {
	Created []models.User    `json:"created"`
	Skipped []UserImportLine `json:"skipped"`
	Failed  []UserImportLine `json:"failed"`
}

// ImportCSV adds the people of a CSV list (a header row naming the
// columns, then one person a line). Every line is checked before any is
// created; a person already in the committee is skipped, so the same file
// may be sent again. Each account is made by the single-user path, so it
// is set up exactly as if an administrator had added that person alone.
// An unusable file is an invalid "file" and creates nobody.
func (s *UserService) ImportCSV(ctx context.Context, actor models.Actor, data []byte) (UserImportResult, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return UserImportResult{}, err
	}
	rows, err := readUserCSV(data)
	if err != nil {
		return UserImportResult{}, err
	}
	units, err := s.Store.Units().List(ctx, actor.CommitteeID)
	if err != nil {
		return UserImportResult{}, err
	}
	users, err := s.Store.Users().List(ctx, actor.CommitteeID)
	if err != nil {
		return UserImportResult{}, err
	}
	members := make(map[string]bool, len(users))
	for _, u := range users {
		members[u.Email] = true
	}
	chk := importCheck{s: s, actor: actor, members: members, seen: map[string]bool{}, units: newUnitMatcher(units)}
	res := UserImportResult{Created: []models.User{}, Skipped: []UserImportLine{}, Failed: []UserImportLine{}}
	type good struct {
		line int
		in   UserInput
	}
	var valid []good
	for _, row := range rows {
		in, out, err := chk.line(ctx, row)
		switch {
		case err != nil:
			return UserImportResult{}, err
		case out.Problem == ProblemEmailExists:
			res.Skipped = append(res.Skipped, out)
		case out.Problem != "":
			res.Failed = append(res.Failed, out)
		default:
			valid = append(valid, good{row.line, in})
		}
	}
	for _, g := range valid {
		u, _, err := s.create(ctx, actor, g.in)
		var ve *models.ValidationError
		switch {
		case errors.As(err, &ve):
			// The address was taken or the unit disabled since the check.
			res.Failed = append(res.Failed, UserImportLine{Line: g.line, Email: g.in.Email, Problem: problemCode(ve.Fields)})
		case err != nil:
			if u.ID != "" { // made, but what follows it (the invitation) failed
				res.Created = append(res.Created, u)
			}
			return res, fmt.Errorf("line %d: %w", g.line, err)
		default:
			res.Created = append(res.Created, u)
		}
	}
	slices.SortStableFunc(res.Failed, func(a, b UserImportLine) int { return cmp.Compare(a.Line, b.Line) })
	return res, nil
}

// importCheck decides, line by line, what to do with each person.
type importCheck struct {
	s       *UserService
	actor   models.Actor
	members map[string]bool // addresses of the committee's users
	seen    map[string]bool // addresses of earlier lines
	units   unitMatcher
}

// line is the account to make from row, or the line's problem.
func (c *importCheck) line(ctx context.Context, row userCSVRow) (UserInput, UserImportLine, error) {
	out := UserImportLine{Line: row.line, Email: row.cells[colEmail]}
	fail := func(problem string) (UserInput, UserImportLine, error) {
		out.Problem = problem
		return UserInput{}, out, nil
	}
	if out.Email == "" {
		return fail(ProblemEmailRequired)
	}
	email, ok := models.NormalizeEmail(out.Email)
	if !ok {
		return fail(ProblemEmailInvalid)
	}
	out.Email = email
	if c.seen[email] {
		return fail(ProblemEmailDuplicate)
	}
	c.seen[email] = true
	if c.members[email] {
		return fail(ProblemEmailExists)
	}
	in := UserInput{Name: core.NFC(row.cells[colName]), Email: email}
	if cell := row.cells[colUnit]; cell != "" {
		id, problem := c.units.find(cell)
		if problem != "" {
			return fail(problem)
		}
		in.UnitID = id
	}
	role, ok := parseRole(row.cells[colRole], in.UnitID != "")
	if !ok {
		return fail(ProblemRoleUnknown)
	}
	in.Role = role
	if in.Language, ok = parseLanguage(row.cells[colLanguage]); !ok {
		return fail(ProblemLangUnknown)
	}
	u := models.User{Name: in.Name, Email: in.Email, Role: in.Role, UnitID: in.UnitID, Language: in.Language}
	if err := u.Validate(); err != nil {
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return fail(problemCode(ve.Fields))
		}
		return UserInput{}, out, err
	}
	other, err := c.s.Store.Users().GetByEmail(ctx, email)
	switch {
	case errors.Is(err, models.ErrNotFound):
	case err != nil:
		return UserInput{}, out, err
	case other.CommitteeID == c.actor.CommitteeID:
		return fail(ProblemEmailExists) // added since the list was read
	default:
		return fail(ProblemEmailTaken)
	}
	return in, out, nil
}

// problemCode turns a validation error of the single-user path into a
// line's problem code, the first column in the file's order first.
func problemCode(fields map[string]string) string {
	for _, f := range []string{"name", "email", "role", "unitId", "language", "password"} {
		msg, ok := fields[f]
		if !ok {
			continue
		}
		col := strings.TrimSuffix(f, "Id")
		switch {
		case msg == "required for a unit user":
			return ProblemUnitRequired
		case msg == "no such unit":
			return ProblemUnitUnknown
		case msg == "the unit is disabled":
			return ProblemUnitDisabled
		case strings.HasPrefix(msg, "already in use"):
			return ProblemEmailTaken
		case msg == "required":
			return col + ".required"
		case msg == "too long":
			return col + ".too_long"
		default:
			return col + ".invalid"
		}
	}
	return "line.invalid"
}

// roleWords are the folded words a list may use for each role.
var roleWords = map[string]models.Role{
	"admin": models.RoleAdmin, "quan tri": models.RoleAdmin, "quan tri vien": models.RoleAdmin, "quan tri he thong": models.RoleAdmin,
	"leader": models.RoleLeader, "lanh dao": models.RoleLeader,
	"office": models.RoleOffice, "van phong": models.RoleOffice,
	"unit": models.RoleUnit, "don vi": models.RoleUnit, "can bo don vi": models.RoleUnit,
	"viewer": models.RoleViewer, "xem": models.RoleViewer, "chi xem": models.RoleViewer,
}

// parseRole reads a role cell. An empty one makes a unit officer when the
// line names a unit, else someone who only reads: the least an
// administrator can have meant.
func parseRole(cell string, hasUnit bool) (models.Role, bool) {
	if strings.TrimSpace(cell) == "" {
		if hasUnit {
			return models.RoleUnit, true
		}
		return models.RoleViewer, true
	}
	r, ok := roleWords[models.Fold(cell)]
	return r, ok
}

var languageWords = map[string]string{
	"": "", "vi": "vi", "tieng viet": "vi", "vietnamese": "vi",
	"en": "en", "tieng anh": "en", "english": "en",
}

func parseLanguage(cell string) (string, bool) {
	l, ok := languageWords[models.Fold(cell)]
	return l, ok
}

// unitMatcher finds a unit by id, name or alias, folded.
type unitMatcher struct {
	byID  map[models.ID]models.Unit
	byKey map[string][]models.Unit
}

func newUnitMatcher(units []models.Unit) unitMatcher {
	m := unitMatcher{byID: map[models.ID]models.Unit{}, byKey: map[string][]models.Unit{}}
	for _, u := range units {
		m.byID[u.ID] = u
		keys := map[string]bool{models.Fold(u.Name): true}
		for _, a := range u.Aliases {
			keys[models.Fold(a)] = true
		}
		for k := range keys {
			m.byKey[k] = append(m.byKey[k], u)
		}
	}
	return m
}

// find is the one active unit cell names, or the problem.
func (m unitMatcher) find(cell string) (models.ID, string) {
	if u, ok := m.byID[models.ID(cell)]; ok {
		if !u.Active {
			return "", ProblemUnitDisabled
		}
		return u.ID, ""
	}
	var found []models.ID
	disabled := false
	for _, u := range m.byKey[models.Fold(cell)] {
		if u.Active {
			found = append(found, u.ID)
		} else {
			disabled = true
		}
	}
	switch {
	case len(found) == 1:
		return found[0], ""
	case len(found) > 1:
		return "", ProblemUnitAmbiguous
	case disabled:
		return "", ProblemUnitDisabled
	}
	return "", ProblemUnitUnknown
}

// The columns a list of people may have.
type userColumn int

const (
	colName userColumn = iota
	colEmail
	colRole
	colUnit
	colLanguage
	numUserColumns
)

var userColumnNames = [numUserColumns]string{"name", "email", "role", "unit", "language"}

// headerWords are the folded header cells each column may be named by;
// other columns (a row number, a phone) are ignored.
var headerWords = map[string]userColumn{
	"name": colName, "full name": colName, "ho ten": colName, "ho va ten": colName,
	"email": colEmail, "e-mail": colEmail, "e mail": colEmail, "thu dien tu": colEmail, "dia chi email": colEmail, "dia chi thu dien tu": colEmail,
	"role": colRole, "vai tro": colRole,
	"unit": colUnit, "don vi": colUnit, "ten don vi": colUnit,
	"language": colLanguage, "ngon ngu": colLanguage,
}

// userCSVRow is one data line: its number in the file and its cells by column.
type userCSVRow struct {
	line  int
	cells [numUserColumns]string
}

// readUserCSV reads the header and the non-empty data lines. The file
// is UTF-8 (a byte order mark is dropped; Excel's UTF-16 "Unicode text"
// is decoded); cells are separated by what the header line uses most of:
// commas, semicolons (Excel in a Vietnamese locale) or tabs (cells pasted
// from a spreadsheet).
func readUserCSV(data []byte) ([]userCSVRow, error) {
	text, err := csvText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	// With tabs, trimming leading space would swallow empty cells.
	r.TrimLeadingSpace = r.Comma != '\t'
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, models.Invalid("file", ImportFileEmpty)
	}
	if err != nil {
		return nil, models.Invalid("file", ImportFileMalformed)
	}
	cols, err := headerColumns(header)
	if err != nil {
		return nil, err
	}
	var rows []userCSVRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, models.Invalid("file", ImportFileMalformed)
		}
		if blankRecord(rec) {
			continue // Excel writes ";;;" for an empty row
		}
		if len(rows) == MaxImportLines {
			return nil, models.Invalid("file", ImportFileTooMany)
		}
		line, _ := r.FieldPos(0)
		row := userCSVRow{line: line}
		for i, col := range cols {
			if col >= 0 && i < len(rec) {
				row.cells[col] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func csvText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", models.Invalid("file", ImportFileNotUTF8)
		}
		data = out
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return "", models.Invalid("file", ImportFileNotUTF8)
	}
	return string(data), nil
}

// sniffDelimiter picks the separator the first line uses most; a comma
// when in doubt.
func sniffDelimiter(text string) rune {
	first := strings.TrimLeft(text, "\r\n")
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	best, n := ',', strings.Count(first, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(first, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

// headerColumns maps each cell of the header to a column, -1 for one
// the list does not use.
func headerColumns(header []string) ([]userColumn, error) {
	cols := make([]userColumn, len(header))
	var seen [numUserColumns]bool
	for i, cell := range header {
		col, ok := headerWords[strings.Trim(models.Fold(cell), " *:.")]
		if !ok {
			cols[i] = -1
			continue
		}
		if seen[col] {
			return nil, models.Invalid("file", ImportFileTwice+userColumnNames[col])
		}
		seen[col] = true
		cols[i] = col
	}
	if !seen[colName] || !seen[colEmail] {
		return nil, models.Invalid("file", ImportFileHeader)
	}
	return cols, nil
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
