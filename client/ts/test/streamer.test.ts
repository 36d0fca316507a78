import { strict as assert } from "node:assert";
import { after, test } from "node:test";
import { Client, Code, ConnectError, codeOf } from "../src/index.js";
import { RunStatus } from "../src/gen/cairn/v1/run_pb.js";
import { FakeTracking, checkSeries, startFake, type Action, type FakeServer } from "./fake.js";

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(fake = new FakeTracking(), clientOptions: { token?: string; user?: string } = {}) {
  const server = await startFake(fake);
  const client = new Client({ address: server.address, ...clientOptions });
  cleanups.push(() => server.stop(), () => client.close());
  return { fake, server, client };
}

async function logAll(s: ReturnType<Client["newStreamer"]>, run: string, key: string, n: number) {
  for (let i = 0; i < n; i++) {
    if (!s.log(run, key, i, i * 0.5)) await s.writable();
  }
}

test("delivers every point once", async () => {
  const { fake, client } = await setup();
  const s = client.newStreamer({ maxMessagePoints: 1000 });
  for (let i = 0; i < 20_000; i++) {
    s.log("r1", "loss", i, i * 0.5);
    if (!s.log("r1", "acc", i, i * 0.5)) await s.writable();
  }
  await s.close();
  checkSeries(fake, "r1/loss", 20_000);
  checkSeries(fake, "r1/acc", 20_000);
  const st = s.stats();
  assert.equal(st.pointsAcked, 40_000);
  assert.equal(st.pointsWritten, 40_000);
  assert.equal(st.reconnects, 0);
});

test("logBatch splits into messages; mismatched columns are rejected", async () => {
  const { fake, client } = await setup();
  const s = client.newStreamer({ maxMessagePoints: 3000 });
  const steps = Array.from({ length: 10_000 }, (_, i) => i);
  s.logBatch("r1", "loss", steps, steps.map((i) => i * 0.5));
  await s.flush();
  checkSeries(fake, "r1/loss", 10_000);
  assert.equal(s.stats().messagesAcked, 4);
  assert.throws(() => s.logBatch("r1", "loss", [1, 2], [1]), (e: unknown) => codeOf(e) === Code.InvalidArgument);
  await s.close();
});

test("resends after failures before and after commit", async () => {
  const fake = new FakeTracking();
  const plan = new Map<bigint, Action>([
    [3n, "commitThenFail"],
    [5n, "failBeforeCommit"],
    [9n, "commitThenFail"],
    [12n, "failBeforeCommit"],
  ]);
  fake.onData = (_id, seq) => {
    const a = plan.get(seq) ?? "commit";
    plan.delete(seq);
    return a;
  };
  const { client } = await setup(fake);
  const s = client.newStreamer({ maxMessagePoints: 500, initialBackoffMs: 5, maxBackoffMs: 20 });
  await logAll(s, "r1", "loss", 10_000);
  await s.close();
  checkSeries(fake, "r1/loss", 10_000);
  assert.equal(s.stats().reconnects, 4);
  assert.equal(s.stats().pointsAcked, 10_000);
  assert.equal(fake.opens, 5);
});

test("in-flight window is bounded", async () => {
  const fake = new FakeTracking();
  fake.ackDelayMs = 10;
  const { client } = await setup(fake);
  const s = client.newStreamer({ maxMessagePoints: 100, maxInFlight: 3, maxBufferedPoints: 300 });
  await logAll(s, "r1", "loss", 3000);
  await s.close();
  checkSeries(fake, "r1/loss", 3000);
  assert.ok(fake.maxOutstanding <= 3 && fake.maxOutstanding >= 2, `max outstanding ${fake.maxOutstanding}`);
});

test("log reports backpressure and flush/close time out without acks", async () => {
  const fake = new FakeTracking();
  fake.onData = () => "neverAck";
  const { client } = await setup(fake);
  const s = client.newStreamer({ maxMessagePoints: 10, maxInFlight: 1, maxBufferedPoints: 20 });
  let accepted = 0;
  while (s.log("r1", "loss", accepted, 1)) accepted++;
  assert.equal(accepted, 19); // the 20th point fills the buffer
  await assert.rejects(s.flush(200), (e: unknown) => codeOf(e) === Code.DeadlineExceeded);
  await assert.rejects(s.close(100), (e: unknown) => codeOf(e) === Code.DeadlineExceeded);
  assert.ok(s.stats().messagesSent >= 1);
});

test("a fenced streamer fails without reconnecting", async () => {
  const { client } = await setup();
  const first = client.newStreamer({ streamId: "shared" });
  first.log("r1", "a", 0, 0);
  await first.flush();
  const second = client.newStreamer({ streamId: "shared" });
  second.log("r1", "b", 0, 0);
  await second.flush();
  first.log("r1", "a", 1, 1);
  await assert.rejects(first.flush(), (e: unknown) => codeOf(e) === Code.Aborted);
  assert.equal(first.stats().reconnects, 0);
  assert.throws(() => first.log("r1", "a", 2, 2), (e: unknown) => codeOf(e) === Code.Aborted);
  await assert.rejects(first.close(), (e: unknown) => codeOf(e) === Code.Aborted);
  await second.close();
  assert.equal(second.stats().lastCommittedSeq, 2n);
});

test("content errors are final", async () => {
  const { fake, client } = await setup();
  const s = client.newStreamer();
  s.log("missing", "loss", 0, 0);
  await assert.rejects(s.flush(), (e: unknown) => codeOf(e) === Code.NotFound);
  assert.equal(s.stats().reconnects, 0);
  assert.equal(fake.opens, 1);
  await assert.rejects(s.close());
});

test("flushes by time", async () => {
  const { fake, client } = await setup();
  const s = client.newStreamer({ flushIntervalMs: 30 });
  for (let i = 0; i < 5; i++) s.log("r1", "loss", i, i * 0.5);
  const deadline = Date.now() + 5000;
  while (fake.total() < 5) {
    assert.ok(Date.now() < deadline, "points were not sent without flush");
    await new Promise((r) => setTimeout(r, 5));
  }
  checkSeries(fake, "r1/loss", 5);
  await s.close();
});

test("continues the numbering of an existing stream id", async () => {
  const fake = new FakeTracking();
  fake.streams.set("resumed", { committed: 41n, epoch: 3n });
  const { client } = await setup(fake);
  const s = client.newStreamer({ streamId: "resumed" });
  for (let i = 0; i < 10; i++) s.log("r1", "loss", i, i * 0.5);
  await s.close();
  checkSeries(fake, "r1/loss", 10);
  assert.equal(s.stats().lastCommittedSeq, 42n);
  assert.equal(s.stats().epoch, 4n);
});

test("survives a server restart", async () => {
  const fake = new FakeTracking();
  let stopped = false;
  fake.onData = (_id, seq) => (seq === 4n && !stopped ? "neverAck" : "commit");
  const server = await startFake(fake);
  const client = new Client({ address: server.address });
  cleanups.push(() => client.close());
  const port = Number(server.address.split(":")[1]);
  const s = client.newStreamer({ maxMessagePoints: 100, initialBackoffMs: 10, maxBackoffMs: 50 });
  for (let i = 0; i < 1000; i++) {
    if (i === 500) {
      await new Promise((r) => setTimeout(r, 50)); // let messages go out
      stopped = true;
      await server.stop();
      await new Promise((r) => setTimeout(r, 200));
      const again = await startFake(fake, port);
      cleanups.push(() => again.stop());
    }
    if (!s.log("r1", "loss", i, i * 0.5)) await s.writable();
  }
  await s.close();
  checkSeries(fake, "r1/loss", 1000);
  assert.ok(s.stats().reconnects > 0);
});

test("gives up after the retry timeout", async () => {
  const { server, client } = await setup();
  await server.stop();
  const s = client.newStreamer({ initialBackoffMs: 5, maxBackoffMs: 10, retryTimeoutMs: 200 });
  s.log("r1", "loss", 0, 0);
  await assert.rejects(s.flush(10_000), (e: unknown) => codeOf(e) === Code.Unavailable);
  await assert.rejects(s.close());
});

test("client helpers send token and user headers", async () => {
  const { fake, client } = await setup(new FakeTracking(), { token: "s3cret", user: "alice" });
  const run = await client.startRun({ experiment: "demo", name: "first", params: { lr: 0.1 }, tags: { team: "x" } });
  await assert.rejects(run.logParams({ lr: 0.2 }), (e: unknown) => e instanceof ConnectError && e.code === Code.InvalidArgument);
  await run.setTags({ stage: "dev" });
  for (let i = 0; i < 100; i++) run.logMetric("loss", i * 0.5, i);
  await run.finish();
  checkSeries(fake, `${run.id}/loss`, 100);
  assert.equal(fake.runs.get(run.id)?.status, RunStatus.FINISHED);
  const exp = await client.getOrCreateExperiment("demo");
  assert.equal(exp.experimentId, run.proto.experimentId);
  assert.ok(fake.headers.length > 0);
  for (const h of fake.headers) {
    assert.equal(h.get("authorization"), "Bearer s3cret");
    assert.equal(h.get("x-cairn-user"), "alice");
  }
});

test("withRun marks the run FAILED when the body throws", async () => {
  const { fake, client } = await setup();
  let id = "";
  await assert.rejects(
    client.withRun({ experiment: "demo" }, async (run) => {
      id = run.id;
      run.logMetric("loss", 1, 0);
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(fake.runs.get(id)?.status, RunStatus.FAILED);
  assert.equal(fake.values.get(`${id}/loss`)?.length, 1);
});

test("hand-encoded columns round-trip through protobuf decoding", async () => {
  const { fake, client } = await setup();
  const s = client.newStreamer();
  const steps = [0, 1, 2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, -5];
  const values = [0.5, -1e300, Number.NaN, Infinity, -0, 3.25, 1e-310];
  const stamps = [1, 2 ** 40, 1_700_000_000_123, 0, -1, 7, 8];
  s.logBatch("r1", "wire", steps, values, stamps);
  await s.close();
  assert.deepEqual(fake.steps.get("r1/wire"), steps.map((x) => BigInt(x)));
  const got = fake.values.get("r1/wire")!;
  assert.equal(got.length, values.length);
  for (let i = 0; i < values.length; i++) assert.ok(Object.is(got[i], values[i]), `value ${i}: ${got[i]}`);
  assert.throws(() => s.log("r1", "wire", 1.5, 0));
});
