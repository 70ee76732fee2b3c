package handlers

import (
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// The choices the admin and account forms offer, and the labels of roles,
// unit kinds and languages, in the page's language.

// choice is an <option> or a radio button.
type choice struct {
	Value, Label string
	Selected     bool
}

func kindLabel(lang string, k models.UnitKind) string {
	if key := "admin.kind." + string(k); web.Has(key) {
		return web.T(lang, key)
	}
	return string(k)
}

func kindChoices(lang, selected string) []choice {
	out := make([]choice, 0, len(models.UnitKinds))
	for _, k := range models.UnitKinds {
		out = append(out, choice{Value: string(k), Label: kindLabel(lang, k), Selected: string(k) == selected})
	}
	return out
}

func unitNames(units []models.Unit) map[models.ID]string {
	out := make(map[models.ID]string, len(units))
	for _, u := range units {
		out[u.ID] = u.Name
	}
	return out
}

func roleLabel(lang string, r models.Role) string {
	if key := "admin.role." + string(r); web.Has(key) {
		return web.T(lang, key)
	}
	return string(r)
}

// shortRoleLabel names a role in a table cell.
func shortRoleLabel(lang string, r models.Role) string {
	if key := "admin.role.short." + string(r); web.Has(key) {
		return web.T(lang, key)
	}
	return string(r)
}

func roleChoices(lang, selected string) []choice {
	out := make([]choice, 0, len(models.Roles))
	for _, r := range models.Roles {
		out = append(out, choice{Value: string(r), Label: roleLabel(lang, r), Selected: string(r) == selected})
	}
	return out
}

// unitChoices lists the active units, and a disabled one only when it is
// the current choice, after "no unit".
func unitChoices(lang string, units []models.Unit, selected string) []choice {
	sortUnits(units)
	out := []choice{{Value: "", Label: web.T(lang, "admin.user.no_unit"), Selected: selected == ""}}
	known := false
	for _, u := range units {
		sel := string(u.ID) == selected
		known = known || sel
		if u.Active || sel {
			label := u.Name
			if !u.Active {
				label = web.T(lang, "admin.user.unit_inactive", u.Name)
			}
			out = append(out, choice{Value: string(u.ID), Label: label, Selected: sel})
		}
	}
	if selected != "" && !known { // keep an unknown choice visible; the service names the problem
		out = append(out, choice{Value: selected, Label: web.T(lang, "admin.user.unit_unknown"), Selected: true})
	}
	return out
}

// languageLabel names a language in itself, as language pickers do.
func languageLabel(lang string) string {
	switch lang {
	case "vi":
		return "Tiếng Việt"
	case "en":
		return "English"
	}
	return lang
}

func languageChoices(selected string) []choice {
	out := make([]choice, 0, len(models.Languages))
	for _, l := range models.Languages {
		out = append(out, choice{Value: l, Label: languageLabel(l), Selected: l == selected})
	}
	return out
}
