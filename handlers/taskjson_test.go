package handlers

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// reflected has the same fields as taskResponse without its MarshalJSON.
type reflected struct {
	models.Task
	Timeliness models.Timeliness `json:"timeliness,omitempty"`
}

func TestTaskJSONMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2021, 10, 31, 16, 59, 1, 123456000, time.UTC)
	tasks := []models.Task{
		{ID: "a", Text: "plain", CoordinatingUnitIDs: []models.ID{}},
		{
			ID: "01fh769hw0zg72v5gh7j", CommitteeID: "c", Period: "2021-10", AreaID: "ar",
			Text:       "Tiếp tục <b>“5K”</b> & \"trích dẫn\" \\ \n\t\r\x01 \u2028\u2029 \xff end",
			Source:     &models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 6, ItemIndex: 3},
			LeadUnitID: "l", CoordinatingUnitIDs: []models.ID{"x", "y"}, FollowUpUnitID: "f", Deadline: "2021-10-31",
			State: models.StateDone, Percent: 100, AcceptedAt: &at, AcceptedBy: "u", CarriedFromID: "p", CarryCount: 2,
			Condition: "khi được cấp trên phân bổ kinh phí", Footnotes: []string{"Theo Kế hoạch số 12-KH/ĐU", "<i>\"ghi chú\"</i>"},
			Version: 7, CreatedBy: "u1", CreatedAt: at, UpdatedBy: "u2", UpdatedAt: at.Add(time.Hour),
		},
		{ID: "b", Source: &models.SourceRef{}, CoordinatingUnitIDs: nil},
		{ID: "c", Text: "hợp lệ \u2028 dòng \u2029 <tag> & \"q\" \\ \x7f \x1f €"},
	}
	// The full task sets every field, so a field added to models.Task and
	// forgotten by the encoder shows here.
	full := reflect.ValueOf(tasks[1])
	for i := range full.NumField() {
		if full.Field(i).IsZero() && full.Type().Field(i).Tag.Get("json") != "-" {
			t.Errorf("the full task leaves %s unset", full.Type().Field(i).Name)
		}
	}
	for _, task := range tasks {
		for _, tl := range []models.Timeliness{"", models.TimelyDoneLate} {
			want, err := json.Marshal(reflected{Task: task, Timeliness: tl})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(taskResponse{Task: task, Timeliness: tl})
			if string(got) != string(want) {
				t.Errorf("hand-written JSON differs:\n got %s\nwant %s", got, want)
			}
		}
	}
}
