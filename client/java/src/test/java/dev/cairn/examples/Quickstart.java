package dev.cairn.examples;

import dev.cairn.client.CairnClient;
import dev.cairn.client.Run;
import dev.cairn.client.RunOptions;
import dev.cairn.client.StreamerStats;

/**
 * Logs a run with params, tags and a streamed metric.
 *
 * <pre>CAIRN_ADDRESS=127.0.0.1:50051 java -cp ... dev.cairn.examples.Quickstart</pre>
 */
public final class Quickstart {
  public static void main(String[] args) {
    try (CairnClient client = CairnClient.builder().user("quickstart").build(); // $CAIRN_ADDRESS
        Run run =
            client.startRun(
                RunOptions.builder()
                    .experiment("quickstart")
                    .param("lr", 0.01)
                    .param("optimizer", "adam")
                    .tag("team", "demo")
                    .build())) {
      for (long step = 0; step < 10_000; step++) {
        run.logMetric("loss", Math.exp(-step / 2000.0), step);
      }
      run.finish(); // flushes, waits for acks, marks FINISHED (close() would do the same)
      StreamerStats st = run.streamer().stats();
      System.out.printf(
          "run %s: %d points acknowledged in %d messages%n", run.id(), st.pointsAcked(), st.messagesAcked());
    }
  }
}
