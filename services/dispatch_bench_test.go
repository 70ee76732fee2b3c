package services_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/mailer"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store/sqlite"
)

// BenchmarkDispatchSMTP measures the dispatcher's throughput to a local
// SMTP server: claim, send over a fresh connection, mark sent.
func BenchmarkDispatchSMTP(b *testing.B) {
	backend := &smtpBackend{}
	addr, _ := startSMTP(b, backend, "127.0.0.1:0")
	port, _ := strconv.Atoi(addr[strings.LastIndexByte(addr, ':')+1:])
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mailer.TLSNone, From: "theodoi@phuong.example", Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "d.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc := services.New(st, models.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{
		Mailer: sender, Mail: outbox.MailOptions{From: "theodoi@phuong.example", Batch: 50},
	})
	c, _ := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Đo"})
	body := strings.Repeat("Nhiệm vụ sắp đến hạn: rà soát, cập nhật số liệu và báo cáo kết quả.\n", 20)
	b.ResetTimer()
	sent := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j := range 200 {
			if _, err := svc.Mail.Queue(ctx, models.Message{CommitteeID: c.ID, Key: fmt.Sprintf("bench:%d:%d", i, j),
				To: []string{"donvi@phuong.example"}, Subject: "[Nhắc việc] 1 nhiệm vụ sắp đến hạn", Text: body}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := svc.Mail.Dispatch(ctx, time.Now().UTC().Add(time.Second))
		if err != nil || res.Sent != 200 {
			b.Fatalf("%+v %v", res, err)
		}
		sent += res.Sent
	}
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "msgs/s")
}
