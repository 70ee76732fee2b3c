package docx

import (
	"encoding/xml"
	"io"
)

// styleNum is the list numbering a paragraph style sets (w:pPr/w:numPr).
type styleNum struct {
	numID, ilvl     int
	hasNum, hasIlvl bool
}

type style struct {
	basedOn string
	num     styleNum
}

// styles are the paragraph styles, only as far as numbering goes.
type styles struct {
	byID        map[string]style
	defaultPara string // applies to paragraphs without w:pStyle
}

func readStyles(p *pkg, name string) (*styles, error) {
	st := &styles{byID: map[string]style{}}
	_, err := p.parse(name, func(x *xmlReader) error {
		var id string
		var cur style
		for {
			tok, err := x.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch {
				case x.in("styles", "style"):
					id, cur = attr(t, "styleId"), style{}
					if attr(t, "type") == "paragraph" && isOn(attr(t, "default"), false) {
						st.defaultPara = id
					}
				case x.in("style", "basedOn"):
					cur.basedOn = attr(t, "val")
				case x.in("style", "pPr", "numPr", "numId"):
					cur.num.numID, cur.num.hasNum = attrInt(t, "val")
				case x.in("style", "pPr", "numPr", "ilvl"):
					cur.num.ilvl, cur.num.hasIlvl = attrInt(t, "val")
				}
			case xml.EndElement:
				if isW(t.Name) && t.Name.Local == "style" && x.in("styles") {
					st.byID[id] = cur
				}
			}
		}
	})
	return st, err
}

// numbering returns the numPr of the first style in id's basedOn chain
// that has one, as Word inherits it.
func (s *styles) numbering(id string) styleNum {
	for range 32 { // a cycle in basedOn must not hang us
		st, ok := s.byID[id]
		if !ok {
			break
		}
		if st.num.hasNum {
			return st.num
		}
		id = st.basedOn
	}
	return styleNum{}
}
