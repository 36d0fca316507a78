import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import {
  Client,
  Code,
  ConnectError,
  PARTIAL_SUFFIX,
  SINGLE_CALL_MAX_BYTES,
  artifactPath,
  codeOf,
  isTransferRetryable,
} from "../src/index.js";
import { startFake } from "./fake.js";
import { FakeArtifacts, pattern } from "./fake_artifacts.js";

const MiB = 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), "cairn-ts-artifacts-"));
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(tmp, { recursive: true, force: true });
});

async function setup(fake = new FakeArtifacts(), retries = 20) {
  const server = await startFake(fake);
  const client = new Client({
    address: server.address,
    token: "",
    transferRetry: { retries, initialBackoffMs: 1, maxBackoffMs: 5 },
  });
  cleanups.push(() => server.stop(), () => client.close());
  return { fake, client };
}

let files = 0;
/** Writes content to a file `name` in a fresh directory. */
function localFile(name: string, content: Buffer): string {
  const dir = join(tmp, `src${++files}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Writes files (relative "/" paths to contents) under a fresh directory; returns it. */
function localTree(tree: Record<string, Buffer>): string {
  const root = join(tmp, `src${++files}`);
  mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** The regular files under dir: relative "/" path to content, in path order. */
function readTree(dir: string): Record<string, Buffer> {
  const found = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((full) => [full.slice(dir.length + 1), readFileSync(full)] as const)
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Object.fromEntries(found);
}

/** Checks that, in fake.events, every transfer of a small file ended before any big one started. */
function smallBeforeBig(events: string[], big: (path: string) => boolean): void {
  const firstBig = events.findIndex((e) => e.startsWith("start ") && big(e.slice(6)));
  const lastSmallEnd = Math.max(...events.map((e, i) => (e.startsWith("end ") && !big(e.slice(4)) ? i : -1)));
  assert.ok(firstBig > lastSmallEnd, `big ones after small ones: ${events.join(", ")}`);
}

test("artifact paths follow the Python SDK's log_artifact", () => {
  assert.equal(artifactPath("/a/b/model.pt", ""), "model.pt");
  assert.equal(artifactPath("/a/b/model.pt", "ckpt"), "ckpt/model.pt");
  assert.equal(artifactPath("model.pt", "/ckpt/x/"), "ckpt/x/model.pt");
  assert.ok(isTransferRetryable(new ConnectError("x", Code.Aborted)));
  assert.ok(isTransferRetryable(new ConnectError("x", Code.ResourceExhausted)));
  assert.ok(isTransferRetryable(new ConnectError("x", Code.Unavailable)));
  assert.ok(!isTransferRetryable(new ConnectError("x", Code.FailedPrecondition)));
  assert.ok(!isTransferRetryable(new ConnectError("x", Code.DataLoss)));
  assert.ok(!isTransferRetryable(new Error("ENOENT")));
});

test("a multi-chunk upload claims the file's SHA-256 and sends chunks of at most 4 MiB", async () => {
  const { fake, client } = await setup();
  const content = pattern(9 * MiB + 5);
  const file = localFile("weights.bin", content);
  const a = await client.uploadArtifact("run1", file, "models/ts");
  assert.equal(a.path, "models/ts/weights.bin");
  assert.equal(a.sizeBytes, BigInt(content.length));
  assert.equal(a.sha256, sha(content));
  const up = fake.uploads.get("up1")!.upload;
  assert.equal(up.sha256, sha(content), "the claimed digest");
  assert.equal(up.sizeBytes, BigInt(content.length));
  assert.deepEqual(fake.chunkSizes, [4 * MiB, 4 * MiB, MiB + 5]);
  assert.deepEqual(fake.uploadOffsets, [0n]);
  assert.equal(fake.startUploads, 1, "a resumable upload");
  assert.equal(fake.oneCallUploads, 0);
  assert.ok(fake.files.get("run1/models/ts/weights.bin")!.content.equals(content));
});

test("an upload failing mid-stream with UNAVAILABLE resumes from the committed bytes", async () => {
  const { fake, client } = await setup();
  let failed = false;
  fake.afterChunk = (committed) => {
    if (!failed && committed === BigInt(8 * MiB)) {
      failed = true;
      throw new ConnectError("injected", Code.Unavailable);
    }
  };
  const content = pattern(10 * MiB + 3);
  const a = await client.uploadArtifact("run1", localFile("big.bin", content));
  assert.ok(failed);
  assert.equal(a.path, "big.bin");
  assert.equal(a.sha256, sha(content));
  assert.equal(fake.getUploads, 1);
  assert.deepEqual(fake.uploadOffsets, [0n, BigInt(8 * MiB)], "the resumed header's offset");
  assert.equal(fake.startUploads, 1);
  assert.ok(fake.files.get("run1/big.bin")!.content.equals(content));
});

test("upload failures that cannot succeed are not retried; retries are bounded", async () => {
  const { fake, client } = await setup(new FakeArtifacts(), 3);
  const file = localFile("x.bin", pattern(10));
  await assert.rejects(client.uploadArtifact("run1", file, "../escape"), (e: unknown) => codeOf(e) === Code.InvalidArgument);
  await assert.rejects(client.uploadArtifact("nope", file), (e: unknown) => codeOf(e) === Code.NotFound);
  assert.equal(fake.oneCallUploads, 2);
  // A stream that always fails: 1 try + 3 retries (each a whole one-call
  // upload), then the last code.
  fake.gate = (m) => {
    if (m === "UploadArtifact") throw new ConnectError("down", Code.Unavailable);
  };
  await assert.rejects(client.uploadArtifact("run1", file), (e: unknown) => e instanceof ConnectError && e.code === Code.Unavailable);
  assert.equal(fake.oneCallUploads, 6);
  assert.equal(fake.startUploads + fake.getUploads, 0);
  // A local file that does not exist is Node's error, before any call.
  await assert.rejects(client.uploadArtifact("run1", join(tmp, "missing.bin")), /ENOENT/);
  assert.equal(fake.uploadOffsets.length, 6);
});

test("a file of at most 8 MiB goes in one call that starts the upload, retried whole", async () => {
  const { fake, client } = await setup();
  assert.equal(SINGLE_CALL_MAX_BYTES, 8 * MiB);
  const content = pattern(8 * MiB);
  let failures = 0;
  fake.gate = (m) => {
    if (m === "UploadArtifact" && failures++ === 0) throw new ConnectError("injected", Code.Unavailable);
  };
  const a = await client.uploadArtifact("run1", localFile("eight.bin", content), "s");
  assert.equal(a.path, "s/eight.bin");
  assert.equal(a.sha256, sha(content));
  assert.equal(fake.startUploads, 0, "no StartUpload");
  assert.equal(fake.getUploads, 0, "no GetUpload");
  assert.equal(fake.oneCallUploads, 2, "the failed call, then the whole call again");
  const up = [...fake.uploads.values()].at(-1)!.upload;
  assert.equal(up.sha256, sha(content), "the claimed digest");
  assert.equal(up.sizeBytes, BigInt(content.length));
  assert.deepEqual(fake.chunkSizes, [4 * MiB, 4 * MiB]);
  assert.ok(fake.files.get("run1/s/eight.bin")!.content.equals(content));
});

test("a download that drops mid-stream resumes from the bytes received", async () => {
  const { fake, client } = await setup();
  const content = pattern(3 * MiB + 7);
  fake.put("run1", "m/w.bin", content);
  fake.downloadChunk = 256 * 1024;
  let dropped = false;
  fake.afterDownloadChunk = (sent) => {
    if (!dropped && sent === 5 * 256 * 1024) {
      dropped = true;
      throw new ConnectError("injected", Code.Unavailable);
    }
  };
  const dest = join(tmp, "dl1", "nested", "w.bin");
  const a = await client.downloadArtifact("run1", "m/w.bin", dest);
  assert.ok(dropped);
  assert.deepEqual(fake.downloadOffsets, [0n, BigInt(5 * 256 * 1024)], "the resumed request's offset");
  assert.equal(a.sizeBytes, BigInt(content.length));
  assert.ok(readFileSync(dest).equals(content));
  assert.ok(!existsSync(dest + PARTIAL_SUFFIX));
});

test("a digest or size mismatch is DATA_LOSS and leaves no file", async () => {
  const { fake, client } = await setup();
  const content = pattern(300 * 1024);
  fake.put("run1", "bad-digest.bin", content, { sha256: sha(pattern(10)) });
  fake.put("run1", "bad-size.bin", content, { sizeBytes: BigInt(content.length + 1) });
  for (const path of ["bad-digest.bin", "bad-size.bin"]) {
    const dest = join(tmp, "dl2", path);
    await assert.rejects(client.downloadArtifact("run1", path, dest), (e: unknown) => {
      assert.equal(codeOf(e), Code.DataLoss);
      assert.match((e as Error).message, new RegExp(path.replace(".", "\\.")));
      return true;
    });
    assert.ok(!existsSync(dest), `${dest} exists`);
    assert.ok(!existsSync(dest + PARTIAL_SUFFIX), `${dest}${PARTIAL_SUFFIX} exists`);
  }
  assert.deepEqual(readdirSync(join(tmp, "dl2")), []);
});

test("a NOT_FOUND download rejects with that code and leaves no file", async () => {
  const { fake, client } = await setup();
  const dest = join(tmp, "dl3", "missing.bin");
  await assert.rejects(client.downloadArtifact("run1", "missing.bin", dest), (e: unknown) => codeOf(e) === Code.NotFound);
  assert.deepEqual(fake.downloadOffsets, [0n], "NOT_FOUND is not retried");
  assert.ok(!existsSync(dest));
  assert.deepEqual(readdirSync(join(tmp, "dl3")), []);
});

test("upload then download round-trips an empty file", async () => {
  const { client } = await setup();
  const a = await client.uploadArtifact("run1", localFile("empty.txt", Buffer.alloc(0)), "e");
  assert.equal(a.sizeBytes, 0n);
  const dest = join(tmp, "dl4", "empty.txt");
  const b = await client.downloadArtifact("run1", "e/empty.txt", dest);
  assert.equal(b.sha256, sha(Buffer.alloc(0)));
  assert.equal(readFileSync(dest).length, 0);
});

test("transfers survive a server restart (connection dropped mid-stream)", async () => {
  const fake = new FakeArtifacts();
  let server = await startFake(fake);
  const port = Number(server.address.split(":")[1]);
  const client = new Client({ address: server.address, token: "", transferRetry: { initialBackoffMs: 20, maxBackoffMs: 100 } });
  cleanups.push(() => server.stop(), () => client.close());
  const bounce = () => {
    const old = server;
    void (async () => {
      await old.stop();
      await new Promise((r) => setTimeout(r, 50));
      server = await startFake(fake, port);
    })();
  };
  let restarts = 0;
  fake.afterChunk = (committed) => {
    if (restarts === 0 && committed === BigInt(4 * MiB)) {
      restarts++;
      bounce();
    }
  };
  const content = pattern(9 * MiB);
  const a = await client.uploadArtifact("run1", localFile("restart.bin", content));
  assert.equal(restarts, 1);
  assert.equal(a.sha256, sha(content));
  // Calls made while the server was down never reached it.
  assert.deepEqual(fake.uploadOffsets, [0n, BigInt(4 * MiB)]);
  assert.ok(fake.files.get("run1/restart.bin")!.content.equals(content));

  fake.downloadChunk = 512 * 1024;
  fake.afterDownloadChunk = (sent) => {
    if (restarts === 1 && sent === 2 * MiB) {
      restarts++;
      bounce();
    }
  };
  const dest = join(tmp, "dl5", "restart.bin");
  await client.downloadArtifact("run1", "restart.bin", dest);
  assert.equal(restarts, 2);
  // Resumed from what had arrived before the connection dropped.
  assert.equal(fake.downloadOffsets.length, 2, `offsets ${fake.downloadOffsets}`);
  const resumed = fake.downloadOffsets[1]!;
  assert.ok(resumed > 0n && resumed <= BigInt(2 * MiB) && resumed % BigInt(512 * 1024) === 0n, `resumed at ${resumed}`);
  assert.ok(readFileSync(dest).equals(content));
});

test("uploadArtifacts: a tree in path order, small files four at a time, big ones after, symlinks skipped", async () => {
  const { fake, client } = await setup();
  const tree: Record<string, Buffer> = {
    "b.txt": pattern(100),
    "a.txt": Buffer.alloc(0),
    "Z/z.bin": pattern(2048),
    "sub/deeper/c.json": pattern(5000),
    "sub/b.bin": pattern(3000),
    "\u{1F600}.txt": pattern(7), // after U+FF61 in byte (UTF-8) order, before it in UTF-16
    "\uFF61.txt": pattern(8),
    "big.bin": pattern(9 * MiB),
  };
  const root = localTree(tree);
  symlinkSync(join(root, "b.txt"), join(root, "link.txt"));
  symlinkSync(join(root, "sub"), join(root, "linked-dir"));
  execFileSync("mkfifo", [join(root, "fifo")]);
  // Finishing out of path order: the first paths take longest.
  fake.delayMs = (p) => (p.endsWith("/Z/z.bin") || p.endsWith("/a.txt") ? 60 : 15);
  const got = await client.uploadArtifacts("run1", root, "/tree/x/");
  const want = ["Z/z.bin", "a.txt", "b.txt", "big.bin", "sub/b.bin", "sub/deeper/c.json", "\uFF61.txt", "\u{1F600}.txt"];
  assert.deepEqual(got.map((a) => a.path), want.map((p) => `tree/x/${p}`));
  for (const a of got) {
    const content = tree[a.path.slice("tree/x/".length)]!;
    assert.equal(a.sizeBytes, BigInt(content.length), a.path);
    assert.equal(a.sha256, sha(content), a.path);
  }
  assert.deepEqual([...fake.files.keys()].sort(), want.map((p) => `run1/tree/x/${p}`).sort(), "no symlink or fifo uploaded");
  assert.ok(fake.maxInFlight > 1 && fake.maxInFlight <= 4, `max in flight ${fake.maxInFlight}`);
  smallBeforeBig(fake.events, (p) => p.endsWith("big.bin"));
  assert.equal(fake.oneCallUploads, 7);
  assert.equal(fake.startUploads, 1, "the big file is resumable");
  // Without dir: the relative paths themselves.
  const plain = await client.uploadArtifacts("run1", localTree({ "q/r.txt": pattern(3) }));
  assert.deepEqual(plain.map((a) => a.path), ["q/r.txt"]);
});

test("uploadArtifacts: the first failure, naming the file, once running transfers end; no new ones start", async () => {
  const { fake, client } = await setup();
  const tree: Record<string, Buffer> = { "big.bin": pattern(9 * MiB) };
  for (let i = 0; i < 10; i++) tree[`f${i}.txt`] = pattern(10 + i);
  const root = localTree(tree);
  fake.delayMs = () => 40;
  fake.gate = (m, p) => {
    if (m === "UploadArtifact" && p === "d/f1.txt") throw new ConnectError("no space for you", Code.FailedPrecondition);
  };
  let inFlightAtReject = -1;
  await assert.rejects(
    client.uploadArtifacts("run1", root, "d").finally(() => (inFlightAtReject = fake.inFlight)),
    (e: unknown) => {
      assert.equal(codeOf(e), Code.FailedPrecondition);
      assert.match((e as Error).message, /d\/f1\.txt/);
      assert.ok((e as Error).message.includes(join(root, "f1.txt")), (e as Error).message);
      assert.match((e as Error).message, /no space for you/);
      return true;
    },
  );
  assert.equal(inFlightAtReject, 0, "the running transfers ended first");
  assert.equal(fake.oneCallUploads, 4, "the first four only");
  assert.deepEqual([...fake.files.keys()].sort(), ["run1/d/f0.txt", "run1/d/f2.txt", "run1/d/f3.txt"]);
  assert.equal(fake.startUploads, 0, "the big file was not started");
  await assert.rejects(client.uploadArtifacts("run1", join(root, "f0.txt")), /not a directory/);
});

/** A fake holding the run's artifacts, listing them two per page. */
async function withArtifacts(tree: Record<string, Buffer>) {
  const env = await setup();
  for (const [path, content] of Object.entries(tree)) env.fake.put("run1", path, content);
  env.fake.listPageSize = 2;
  return env;
}

test("downloadArtifacts of a folder: its files under dest/<base name>, small ones four at a time", async () => {
  const tree = {
    "tree/a.txt": pattern(100),
    "tree/big.bin": pattern(9 * MiB),
    "tree/empty.txt": Buffer.alloc(0),
    "tree/sub/b.bin": pattern(2048),
    "tree/sub/deeper/c.json": pattern(5000),
    "treex/other.txt": pattern(1),
    "top.txt": pattern(2),
  };
  const { fake, client } = await withArtifacts(tree);
  fake.delayMs = (p) => (p.endsWith("a.txt") ? 60 : 15);
  const dest = join(tmp, "dla1", "new");
  const root = await client.downloadArtifacts("run1", "/tree/", dest);
  assert.equal(root, join(dest, "tree"));
  const got = readTree(dest);
  assert.deepEqual(Object.keys(got), ["tree/a.txt", "tree/big.bin", "tree/empty.txt", "tree/sub/b.bin", "tree/sub/deeper/c.json"]);
  for (const [rel, content] of Object.entries(got)) assert.ok(content.equals(tree[rel as keyof typeof tree]), rel);
  assert.equal(fake.listCalls, 3, "pages of two");
  assert.ok(fake.maxInFlight > 1 && fake.maxInFlight <= 4, `max in flight ${fake.maxInFlight}`);
  smallBeforeBig(fake.events, (p) => p.endsWith("big.bin"));
  // A nested folder lands under its base name.
  const nested = join(tmp, "dla1", "nested");
  assert.equal(await client.downloadArtifacts("run1", "tree/sub", nested), join(nested, "sub"));
  assert.deepEqual(Object.keys(readTree(nested)), ["sub/b.bin", "sub/deeper/c.json"]);
});

test("downloadArtifacts of a file, and of \"\" (all of the run's artifacts)", async () => {
  const tree = { "m/w.bin": pattern(300), "top.txt": pattern(2), "tree/sub/b.bin": pattern(2048) };
  const { client } = await withArtifacts(tree);
  const dest = join(tmp, "dla2");
  const file = await client.downloadArtifacts("run1", "tree/sub/b.bin", dest);
  assert.equal(file, join(dest, "b.bin"));
  assert.deepEqual(readTree(dest), { "b.bin": tree["tree/sub/b.bin"] });
  const all = join(tmp, "dla3");
  assert.equal(await client.downloadArtifacts("run1", "", all), all);
  assert.deepEqual(readTree(all), tree);
});

test("downloadArtifacts of a missing path is NOT_FOUND and writes nothing", async () => {
  const { fake, client } = await withArtifacts({ "tree/a.txt": pattern(1) });
  const dest = join(tmp, "dla4");
  await assert.rejects(client.downloadArtifacts("run1", "tree/nothing", dest), (e: unknown) => codeOf(e) === Code.NotFound);
  assert.deepEqual(fake.downloadOffsets, [0n], "listed nothing, so fetched as a file");
  await assert.rejects(client.downloadArtifacts("nope", "", dest), (e: unknown) => codeOf(e) === Code.NotFound);
  assert.deepEqual(readdirSync(dest), []);
});

test("downloadArtifacts refuses artifact paths that would land outside dest, before any download", async () => {
  const outside = join(tmp, "outside");
  mkdirSync(outside);
  for (const evil of ["d/../../escape.txt", "d/a\\b.txt", "d/./x.txt", "d//x.txt"]) {
    const { fake, client } = await withArtifacts({ "d/fine.txt": pattern(1), [evil]: pattern(5) });
    const dest = join(outside, "dest");
    await assert.rejects(client.downloadArtifacts("run1", "d", dest), /refusing to write unsafe artifact path/);
    await assert.rejects(client.downloadArtifacts("run1", "", dest), /refusing to write unsafe artifact path/);
    assert.deepEqual(fake.downloadOffsets, [], evil);
    assert.deepEqual(readTree(outside), {}, evil);
  }
  // Through a symlink already in dest.
  const { fake, client } = await withArtifacts({ "link/x.txt": pattern(5), "ok/y.txt": pattern(1) });
  const dest = join(tmp, "dla5");
  mkdirSync(dest);
  symlinkSync(outside, join(dest, "link"));
  await assert.rejects(client.downloadArtifacts("run1", "link", dest), /refusing to write "link" outside/);
  await assert.rejects(client.downloadArtifacts("run1", "", dest), /refusing to write "link\/x.txt" outside/);
  assert.deepEqual(fake.downloadOffsets, []);
  assert.deepEqual(readTree(outside), {});
});
