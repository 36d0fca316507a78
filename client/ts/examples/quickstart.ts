// Logs a run with params, tags and a streamed metric.
//   CAIRN_ADDRESS=127.0.0.1:50051 npm run build && npm run example
import { Client } from "../src/index.js";

const client = new Client({ user: "quickstart" }); // address from $CAIRN_ADDRESS
try {
  await client.withRun(
    { experiment: "quickstart", params: { lr: 0.01, optimizer: "adam" }, tags: { team: "demo" } },
    async (run) => {
      for (let step = 0; step < 10_000; step++) {
        if (!run.logMetric("loss", Math.exp(-step / 2000), step)) await run.writable();
      }
      await run.flush();
      const st = run.streamer.stats();
      console.log(`run ${run.id}: ${st.pointsAcked} points acknowledged in ${st.messagesAcked} messages`);
    },
  ); // ends the run FINISHED (FAILED if the body throws), after every point is acknowledged
} finally {
  client.close();
}
