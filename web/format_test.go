package web

import "testing"

func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{DateLabel("2021-09-23"), "23/09/2021"},
		{DateLabel(""), ""},
		{DateLabel("23/09/2021"), "23/09/2021"},
		{MonthLabel("2021-10"), "10/2021"},
		{Number("vi", 16051), "16.051"},
		{Number("en", 1350492000), "1,350,492,000"},
		{Number("vi", 999), "999"},
		{Number("vi", -1234), "-1.234"},
		{Percent("vi", 98.6234), "98,62"},
		{Percent("en", 98.6234), "98.62"},
		{Percent("vi", 100), "100"},
		{Percent("vi", 0), "0"},
		{Percent("vi", 12.5), "12,5"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
