package docxtest

import "fmt"

// GridRow is one row of a grid table: a cell per entry, each cell one
// paragraph of runs ('\n' in a text run breaks the line inside the cell).
type GridRow [][]Run

// gridColumnWidth: wide enough for Word, the total need not fit a page.
const gridColumnWidth = 1800

const gridBorders = `<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>`

// Grid adds a table of cols columns with borders, as committees draw task
// tables. A row with fewer cells than cols spans its last cell over the
// rest (w:gridSpan), the way an area row is merged across the table.
func (b *Builder) Grid(cols int, rows ...GridRow) *Builder {
	b.body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>` + gridBorders + `</w:tblBorders></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(&b.body, `<w:gridCol w:w="%d"/>`, gridColumnWidth)
	}
	b.body.WriteString(`</w:tblGrid>`)
	for _, row := range rows {
		b.body.WriteString(`<w:tr>`)
		for i, cell := range row {
			span := 1
			if i == len(row)-1 && len(row) < cols {
				span = cols - i
			}
			b.body.WriteString(`<w:tc><w:tcPr>`)
			fmt.Fprintf(&b.body, `<w:tcW w:w="%d" w:type="dxa"/>`, gridColumnWidth*span)
			if span > 1 {
				fmt.Fprintf(&b.body, `<w:gridSpan w:val="%d"/>`, span)
			}
			b.body.WriteString(`</w:tcPr><w:p>`)
			b.writeRuns(&b.body, cell...)
			b.body.WriteString(`</w:p></w:tc>`)
		}
		b.body.WriteString(`</w:tr>`)
	}
	b.body.WriteString(`</w:tbl>`)
	return b
}
