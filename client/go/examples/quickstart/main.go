// Command quickstart logs a run with params, tags and a streamed metric.
//
//	CAIRN_ADDR=127.0.0.1:50051 go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/cairn-ml/cairn/client/go/cairn"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	client, err := cairn.Dial("", cairn.WithUser("quickstart")) // "" = $CAIRN_ADDR
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	run, err := client.StartRun(ctx, cairn.RunOptions{
		Experiment: "quickstart",
		Params:     map[string]string{"lr": "0.01", "optimizer": "adam"},
		Tags:       map[string]string{"team": "demo"},
	})
	if err != nil {
		log.Fatal(err)
	}
	for step := int64(0); step < 10_000; step++ {
		loss := math.Exp(-float64(step) / 2000)
		if err := run.LogMetric(ctx, "loss", loss, step); err != nil {
			log.Fatal(err)
		}
	}
	if err := run.Finish(ctx); err != nil { // flushes, waits for acks, marks FINISHED
		log.Fatal(err)
	}
	st := run.Streamer().Stats()
	fmt.Printf("run %s: %d points acknowledged in %d messages\n", run.ID(), st.PointsAcked, st.MessagesAcked)
}
