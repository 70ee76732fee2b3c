package docxtest

import "strings"

// isTableRow: a line of a table written with bars, "| 1 | Nội dung | … |".
func isTableRow(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), "|")
}

// table writes the run of table rows that starts lines and returns how
// many lines it took.
func (b *Builder) table(lines []string) (int, error) {
	var rows []GridRow
	cols := 0
	for _, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if !isTableRow(line) {
			break
		}
		runs, err := lineRuns(line)
		if err != nil {
			return 0, err
		}
		row := splitCells(runs)
		cols = max(cols, len(row))
		rows = append(rows, row)
	}
	b.Grid(cols, rows...)
	return len(rows), nil
}

// splitCells cuts a row's runs at each "|"; what is before the first bar
// and after the last is not a cell. Cells are trimmed.
func splitCells(runs []Run) GridRow {
	var cells GridRow
	var cur []Run
	for _, r := range runs {
		if r.kind != textRun {
			cur = append(cur, r)
			continue
		}
		for k, part := range strings.Split(r.text, "|") {
			if k > 0 {
				cells = append(cells, cur)
				cur = nil
			}
			if part != "" {
				cur = append(cur, Text(part))
			}
		}
	}
	cells = append(cells, cur)
	if len(cells) > 0 && isBlank(cells[0]) {
		cells = cells[1:]
	}
	if len(cells) > 0 && isBlank(cells[len(cells)-1]) {
		cells = cells[:len(cells)-1]
	}
	for i, c := range cells {
		cells[i] = trimCell(c)
	}
	return cells
}

func isBlank(cell []Run) bool {
	for _, r := range cell {
		if r.kind != textRun || strings.TrimSpace(r.text) != "" {
			return false
		}
	}
	return true
}

// trimCell trims the spaces around the bars.
func trimCell(cell []Run) []Run {
	out := append([]Run(nil), cell...)
	if len(out) > 0 && out[0].kind == textRun {
		out[0].text = strings.TrimLeft(out[0].text, " ")
	}
	if n := len(out); n > 0 && out[n-1].kind == textRun {
		out[n-1].text = strings.TrimRight(out[n-1].text, " ")
	}
	return out
}
