import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as zlib from "node:zlib";
import { after, test } from "node:test";
import { fromBinary } from "@bufbuild/protobuf";
import { Client, Code, Spool, codeOf, defaultSpoolDir } from "../src/index.js";
import { crc32, crc32Table } from "../src/spool.js";
import { StreamDataSchema } from "../src/gen/cairn/v1/tracking_service_pb.js";
import { FakeTracking, checkSeries, startFake } from "./fake.js";

const STREAM_ID = "0123456789abcdef0123456789abcdef";
const ADDRESS = "127.0.0.1:7077";
const BODIES = [
  Uint8Array.from([0x0a, 0x03, 0x61, 0x62, 0x63]),
  new Uint8Array(0),
  Uint8Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? 0xff : 0x00)),
];

/** tests/interop/spool_fixture, found from this file (test/ or dist/test/) upwards. */
function fixtureDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "tests", "interop", "spool_fixture");
    if (fs.existsSync(path.join(candidate, "meta.json"))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("tests/interop/spool_fixture not found above the test file");
    dir = up;
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-spool-test-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function logs(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith(".log")).sort();
}

test("crc32 matches zlib's, with and without zlib.crc32", () => {
  const check = Uint8Array.from(Buffer.from("123456789"));
  assert.equal(crc32Table(check), 0xcbf43926);
  assert.equal(crc32(check), 0xcbf43926);
  assert.equal(crc32Table(new Uint8Array(0)), 0);
  for (const n of [1, 7, 100, 4096]) {
    const data = randomBytes(n);
    assert.equal(crc32Table(data), crc32(data));
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native) assert.equal(crc32Table(data), native(data) >>> 0);
  }
});

test("reads the golden fixture written by Python", () => {
  const dir = path.join(tempDir(), "copy");
  fs.cpSync(fixtureDir(), dir, { recursive: true });
  assert.ok(Spool.exists(dir));
  const spool = new Spool(dir, "other", "other:1");
  assert.equal(spool.streamId, STREAM_ID);
  assert.equal(spool.address, ADDRESS);
  assert.equal(spool.ackedSeq(), 1n);
  assert.ok(spool.existed);
  const pending = spool.pending();
  assert.deepEqual(
    pending.map((r) => r.seq),
    [2n, 3n],
  );
  assert.deepEqual(pending[0]!.body, BODIES[1]);
  assert.deepEqual(pending[1]!.body, BODIES[2]);
  assert.equal(spool.lastSeq(), 3n);
  spool.close();
  // Reading changed nothing.
  for (const name of fs.readdirSync(fixtureDir())) {
    assert.deepEqual(fs.readFileSync(path.join(dir, name)), fs.readFileSync(path.join(fixtureDir(), name)), name);
  }
});

test("writes the golden fixture byte for byte", () => {
  const dir = path.join(tempDir(), "s");
  const spool = new Spool(dir, STREAM_ID, ADDRESS);
  assert.ok(!spool.existed);
  BODIES.forEach((body, i) => spool.append(BigInt(i + 1), body));
  spool.markAcked(1n);
  spool.close();
  for (const name of ["000000000001.log", "acked", "meta.json"]) {
    assert.deepEqual(fs.readFileSync(path.join(dir, name)), fs.readFileSync(path.join(fixtureDir(), name)), name);
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), ["000000000001.log", "acked", "meta.json"]);
  assert.equal(fs.statSync(path.join(dir, "000000000001.log")).mode & 0o777, 0o600);
  const again = new Spool(dir, "ignored", "ignored:1");
  assert.ok(again.existed);
  assert.equal(again.streamId, STREAM_ID);
  assert.deepEqual(
    again.pending().map((r) => r.seq),
    [2n, 3n],
  );
});

test("meta.json escapes like Python's json.dumps", () => {
  const dir = path.join(tempDir(), "s");
  new Spool(dir, 'a"b\\c', "héllo:1\u{1F600}").close();
  assert.equal(
    fs.readFileSync(path.join(dir, "meta.json"), "utf8"),
    '{"stream_id": "a\\"b\\\\c", "address": "h\\u00e9llo:1\\ud83d\\ude00"}',
  );
  const again = new Spool(dir, "x", "y");
  assert.equal(again.streamId, 'a"b\\c');
  assert.equal(again.address, "héllo:1\u{1F600}");
});

test("a torn tail is cut off", () => {
  const body = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const cases: Array<[string, (good: Buffer) => Buffer]> = [
    ["short body", (good) => good.subarray(0, 16 + 3)],
    ["short header", (good) => good.subarray(0, 9)],
    ["bad crc", (good) => Buffer.concat([good.subarray(0, 12), Buffer.from([0, 0, 0, 0]), good.subarray(16)])],
  ];
  for (const [label, tear] of cases) {
    const dir = path.join(tempDir(), "s");
    const spool = new Spool(dir, "torn", "");
    spool.append(1n, body);
    spool.append(2n, body);
    spool.close();
    const file = path.join(dir, "000000000001.log");
    const good = fs.readFileSync(file);
    assert.equal(good.length, 2 * (16 + body.length));
    // A third record, torn as a killed process would leave it.
    const third = Buffer.alloc(16 + body.length);
    third.writeBigUInt64LE(3n, 0);
    third.writeUInt32LE(body.length, 8);
    third.writeUInt32LE(crc32(body), 12);
    third.set(body, 16);
    fs.appendFileSync(file, tear(third));
    const reopened = new Spool(dir, "torn", "");
    assert.deepEqual(
      reopened.pending().map((r) => r.seq),
      [1n, 2n],
      label,
    );
    assert.equal(fs.statSync(file).size, good.length, `${label}: truncated to the last whole record`);
    // Appends after the cut are read back.
    reopened.append(3n, body);
    reopened.close();
    assert.deepEqual(
      new Spool(dir, "torn", "").pending().map((r) => r.seq),
      [1n, 2n, 3n],
      label,
    );
    fs.rmSync(dir, { recursive: true });
  }
});

test("segments roll at the segment size and markAcked deletes fully acked ones", () => {
  const dir = path.join(tempDir(), "s");
  const body = new Uint8Array(40).fill(7); // 56-byte records: two per 100-byte segment
  const spool = new Spool(dir, "roll", "", { segmentBytes: 100 });
  for (let seq = 1n; seq <= 5n; seq++) spool.append(seq, body);
  assert.deepEqual(logs(dir), ["000000000001.log", "000000000003.log", "000000000005.log"]);
  assert.equal(fs.statSync(path.join(dir, "000000000001.log")).size, 112);
  assert.deepEqual(
    spool.pending().map((r) => r.seq),
    [1n, 2n, 3n, 4n, 5n],
  );

  spool.markAcked(1n); // segment 1 still holds seq 2
  assert.deepEqual(logs(dir), ["000000000001.log", "000000000003.log", "000000000005.log"]);
  spool.markAcked(2n);
  assert.deepEqual(logs(dir), ["000000000003.log", "000000000005.log"]);
  assert.equal(fs.readFileSync(path.join(dir, "acked"), "utf8"), "2");
  spool.markAcked(5n); // the open segment stays
  assert.deepEqual(logs(dir), ["000000000005.log"]);
  assert.ok(!fs.existsSync(path.join(dir, "acked.tmp")));
  spool.markAcked(3n); // never goes back
  assert.equal(spool.ackedSeq(), 5n);
  assert.deepEqual(spool.pending(), []);
  assert.equal(spool.lastSeq(), 5n);

  // A reopened spool starts a new segment at its first append.
  spool.close();
  const again = new Spool(dir, "roll", "", { segmentBytes: 100 });
  again.append(6n, body);
  assert.deepEqual(logs(dir), ["000000000005.log", "000000000006.log"]);
  again.markAcked(6n);
  assert.deepEqual(logs(dir), ["000000000006.log"]);
  again.close({ removeIfDone: true });
  assert.ok(!fs.existsSync(dir));
});

test("rebase rewrites the log; close removes only a fully acked spool", () => {
  const dir = path.join(tempDir(), "s");
  const spool = new Spool(dir, "rebase", "");
  for (let seq = 1n; seq <= 3n; seq++) spool.append(seq, BODIES[0]!);
  spool.rebase(40n, [
    { seq: 41n, body: BODIES[0]! },
    { seq: 42n, body: BODIES[2]! },
  ]);
  assert.deepEqual(logs(dir), ["000000000041.log"]);
  assert.equal(spool.ackedSeq(), 40n);
  assert.deepEqual(spool.pending(), [
    { seq: 41n, body: BODIES[0]! },
    { seq: 42n, body: BODIES[2]! },
  ]);
  spool.close({ removeIfDone: true }); // 41 and 42 are pending
  assert.ok(fs.existsSync(path.join(dir, "000000000041.log")));
  const again = new Spool(dir, "x", "");
  again.markAcked(42n);
  again.close({ removeIfDone: true });
  assert.ok(!fs.existsSync(dir));
  again.close({ removeIfDone: true }); // twice is harmless
});

test("defaultSpoolDir follows XDG_DATA_HOME", () => {
  const old = process.env.XDG_DATA_HOME;
  try {
    process.env.XDG_DATA_HOME = "/data";
    assert.equal(defaultSpoolDir("abc"), path.join("/data", "cairn", "spool", "abc"));
    delete process.env.XDG_DATA_HOME;
    assert.equal(defaultSpoolDir("abc"), path.join(os.homedir(), ".local", "share", "cairn", "spool", "abc"));
    assert.match(path.basename(defaultSpoolDir()), /^[0-9a-f]{32}$/);
  } finally {
    if (old === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = old;
  }
});

// --- the streamer with a spool ------------------------------------------------

async function waitFor(cond: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The points of a spool's pending messages, decoded as protobuf. */
function spooledPoints(dir: string): { seqs: bigint[]; steps: bigint[] } {
  const spool = new Spool(dir, "", "");
  const seqs: bigint[] = [];
  const steps: bigint[] = [];
  for (const r of spool.pending()) {
    const data = fromBinary(StreamDataSchema, r.body);
    assert.equal(data.seq, r.seq, "a record's seq is its StreamData's seq");
    seqs.push(r.seq);
    for (const b of data.batches) steps.push(...b.steps);
  }
  return { seqs, steps };
}

test("a spool left by a failed server is replayed by the next streamer, exactly once", async () => {
  const fake = new FakeTracking();
  // Messages from seq 4 are committed but never acknowledged, then the server dies.
  fake.onData = (_id, seq) => (seq >= 4n ? "neverAck" : "commit");
  const server = await startFake(fake);
  const client = new Client({ address: server.address });
  cleanups.push(() => client.close());
  const dir = path.join(tempDir(), "spool");
  const s1 = client.newStreamer({ spoolDir: dir, maxMessagePoints: 100, initialBackoffMs: 5, maxBackoffMs: 20 });
  for (let i = 0; i < 1000; i++) s1.log("r1", "loss", i, i * 0.5);
  s1.log("r1", "loss", 1000, 500); // cut: 10 messages of 100
  await waitFor(() => fake.total() === 1000, "the server to commit 10 messages");
  await waitFor(() => s1.stats().lastCommittedSeq === 3n, "acks of seq 1-3");
  await server.stop();
  for (let i = 1001; i < 1200; i++) s1.log("r1", "loss", i, i * 0.5);
  await assert.rejects(s1.close(300), (e: unknown) => codeOf(e) === Code.DeadlineExceeded);

  // Left behind: acked 3, seq 4..12 (10 full messages + 200 points in two).
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  assert.deepEqual(meta, { stream_id: s1.streamId, address: server.address });
  assert.equal(fs.readFileSync(path.join(dir, "acked"), "utf8"), "3");
  const left = spooledPoints(dir);
  assert.deepEqual(left.seqs, [4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n]);
  assert.deepEqual(left.steps, Array.from({ length: 900 }, (_, i) => BigInt(300 + i)));

  // A new process, a new server on the same store.
  fake.onData = undefined;
  const server2 = await startFake(fake);
  cleanups.push(() => server2.stop());
  const client2 = new Client({ address: server2.address });
  cleanups.push(() => client2.close());
  const s2 = client2.newStreamer({ spoolDir: dir, maxMessagePoints: 100 });
  assert.equal(s2.streamId, s1.streamId, "the stream id comes from meta.json");
  assert.equal(s2.lastSeq, 12n);
  for (let i = 1200; i < 1500; i++) s2.log("r1", "loss", i, i * 0.5);
  await s2.close();
  checkSeries(fake, "r1/loss", 1500);
  const st = s2.stats();
  assert.equal(fake.streams.get(s1.streamId)?.committed, 15n);
  assert.equal(st.pointsAcked, 1200, "replayed messages count their points");
  assert.equal(st.messagesSent, 5, "seq 4-10, committed before, are not resent: 11-15 are");
  assert.equal(st.duplicateAcks, 0);
  assert.ok(!fs.existsSync(dir), "a fully acknowledged spool is removed on close");
});

test("a clean close removes the spool; fsync on", async () => {
  const fake = new FakeTracking();
  const server = await startFake(fake);
  const client = new Client({ address: server.address });
  cleanups.push(() => server.stop(), () => client.close());
  const dir = path.join(tempDir(), "spool");
  const s = client.newStreamer({ spoolDir: dir, spoolFsync: true, maxMessagePoints: 50 });
  for (let i = 0; i < 500; i++) s.log("r1", "loss", i, i * 0.5);
  await s.flush();
  assert.ok(fs.existsSync(path.join(dir, "meta.json")));
  assert.equal(fs.readFileSync(path.join(dir, "acked"), "utf8"), "10");
  assert.deepEqual(logs(dir), ["000000000001.log"]); // the open segment stays until close
  await s.close();
  checkSeries(fake, "r1/loss", 500);
  assert.ok(!fs.existsSync(dir));
});

test("a new spool is renumbered after what the server holds for a reused stream id", async () => {
  const fake = new FakeTracking();
  fake.streams.set("reused", { committed: 41n, epoch: 1n });
  const server = await startFake(fake);
  const client = new Client({ address: server.address });
  cleanups.push(() => server.stop(), () => client.close());
  const dir = path.join(tempDir(), "spool");
  const s = client.newStreamer({ streamId: "reused", spoolDir: dir, maxMessagePoints: 100 });
  for (let i = 0; i < 250; i++) s.log("r1", "loss", i, i * 0.5); // seq 1, 2 cut before the stream opens
  assert.deepEqual(spooledPoints(dir).seqs, [1n, 2n]);
  await s.flush();
  assert.equal(fake.streams.get("reused")?.committed, 44n);
  assert.equal(s.stats().lastCommittedSeq, 44n);
  assert.deepEqual(logs(dir), ["000000000042.log"], "rebased segment");
  assert.equal(new Spool(dir, "", "").ackedSeq(), 44n);
  await s.close();
  checkSeries(fake, "r1/loss", 250);
  assert.ok(!fs.existsSync(dir));
});

test("offline mode writes the spool without any server; a later streamer uploads it", async () => {
  const fake = new FakeTracking();
  const server = await startFake(fake);
  cleanups.push(() => server.stop());
  const client = new Client({ address: server.address });
  cleanups.push(() => client.close());
  const dir = path.join(tempDir(), "spool");
  const s = client.newStreamer({ offline: true, spoolDir: dir, maxMessagePoints: 100, streamId: "offline-1" });
  for (let i = 0; i < 950; i++) s.log("r1", "loss", i, i * 0.5);
  await s.flush(1000); // resolves once spooled
  for (let i = 950; i < 1000; i++) s.log("r1", "loss", i, i * 0.5);
  await s.close(1000);
  assert.equal(fake.opens, 0, "offline never contacts the server");
  assert.equal(s.stats().messagesSent, 0);
  assert.equal(s.lastSeq, 11n);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  assert.deepEqual(meta, { stream_id: "offline-1", address: server.address });
  const spooled = spooledPoints(dir);
  assert.deepEqual(spooled.seqs, Array.from({ length: 11 }, (_, i) => BigInt(i + 1)));
  assert.deepEqual(spooled.steps, Array.from({ length: 1000 }, (_, i) => BigInt(i)));
  assert.ok(!fs.existsSync(path.join(dir, "acked")));

  // Offline again on the same spool: continues its numbering.
  const more = client.newStreamer({ offline: true, spoolDir: dir });
  assert.equal(more.streamId, "offline-1");
  more.log("r1", "loss", 1000, 500);
  await more.close();
  assert.deepEqual(spooledPoints(dir).seqs.at(-1), 12n);
  assert.equal(fake.opens, 0, "nor does it resend an existing spool");

  // What `cairn sync` does: an online streamer on the spool.
  const sync = client.newStreamer({ spoolDir: dir });
  await sync.close();
  checkSeries(fake, "r1/loss", 1001);
  assert.equal(fake.streams.get("offline-1")?.committed, 12n);
  assert.ok(!fs.existsSync(dir));
});

test("offline without spoolDir uses the default spool directory", async () => {
  const base = tempDir();
  const old = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = base;
  try {
    const client = new Client({ address: "127.0.0.1:1" }); // never contacted
    cleanups.push(() => client.close());
    const s = client.newStreamer({ offline: true, streamId: "dflt" });
    s.log("r1", "loss", 0, 0);
    await s.close();
    const dir = path.join(base, "cairn", "spool", "dflt");
    assert.equal(s.spool?.dir, dir);
    assert.deepEqual(spooledPoints(dir).steps, [0n]);
  } finally {
    if (old === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = old;
  }
});

test("a resumed spool behind the server numbers new messages after what the server holds", async () => {
  // A machine crash can lose the tail of a spool written without fsync after the
  // server committed it: new messages must follow what the server holds, or the
  // server drops them as resends.
  const fake = new FakeTracking();
  const server = await startFake(fake);
  const client = new Client({ address: server.address });
  cleanups.push(() => server.stop(), () => client.close());
  const base = tempDir();
  const full = path.join(base, "full");
  const offline = client.newStreamer({ offline: true, spoolDir: full, maxMessagePoints: 10 });
  const steps = Array.from({ length: 50 }, (_, i) => i);
  offline.logBatch("r1", "loss", steps, steps.map((i) => i * 0.5)); // messages 1..5
  await offline.close();
  const records = new Spool(full, "", "").pending();
  assert.deepEqual(
    records.map((r) => r.seq),
    [1n, 2n, 3n, 4n, 5n],
  );
  const behindDir = path.join(base, "behind");
  const behind = new Spool(behindDir, offline.streamId, server.address);
  for (const r of records.slice(0, 3)) behind.append(r.seq, r.body); // the crash lost 4 and 5
  behind.close();

  const first = client.newStreamer({ spoolDir: full });
  await first.close(); // sends 1..5: the server holds all 50 points
  assert.equal(fake.streams.get(offline.streamId)?.committed, 5n);
  const resumed = client.newStreamer({ spoolDir: behindDir, maxMessagePoints: 10 });
  assert.equal(resumed.streamId, offline.streamId);
  const more = Array.from({ length: 20 }, (_, i) => 50 + i);
  resumed.logBatch("r1", "loss", more, more.map((i) => i * 0.5)); // numbered 4, 5 before the stream opens
  await resumed.flush();
  assert.deepEqual(logs(behindDir), ["000000000006.log"], "the spool was rewritten from seq 6");
  for (let i = 70; i < 80; i++) resumed.log("r1", "loss", i, i * 0.5); // numbered 8 after the rebase
  await resumed.close();
  checkSeries(fake, "r1/loss", 80);
  assert.equal(fake.streams.get(offline.streamId)?.committed, 8n);
  assert.equal(resumed.stats().duplicateAcks, 0, "the resumed messages 1..3 were not resent");
  assert.ok(!fs.existsSync(behindDir));
});
