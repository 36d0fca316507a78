import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client, Code, ConnectError, PARTIAL_SUFFIX, artifactPath, codeOf, isTransferRetryable } from "../src/index.js";
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
  assert.equal(fake.startUploads, 2);
  // A stream that always fails: 1 try + 3 retries, then the last code.
  fake.gate = (m) => {
    if (m === "UploadArtifact") throw new ConnectError("down", Code.Unavailable);
  };
  await assert.rejects(client.uploadArtifact("run1", file), (e: unknown) => e instanceof ConnectError && e.code === Code.Unavailable);
  assert.equal(fake.uploadOffsets.length, 4);
  // A local file that does not exist is Node's error, before any call.
  await assert.rejects(client.uploadArtifact("run1", join(tmp, "missing.bin")), /ENOENT/);
  assert.equal(fake.startUploads, 3);
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
