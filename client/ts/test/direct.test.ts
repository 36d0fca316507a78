// Presigned URLs and direct downloads (Client.presignedUrl, the `direct`
// option of downloadArtifact(s)) against the fake ArtifactService and a
// loopback HTTP object store with injectable failures.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client, Code, ConnectError, PARTIAL_SUFFIX, codeOf } from "../src/index.js";
import { startFake } from "./fake.js";
import { FakeArtifacts, pattern } from "./fake_artifacts.js";
import { ObjectStore } from "./object_store.js";

const MiB = 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), "cairn-ts-direct-"));
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(tmp, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A client of a fake server whose presigned URLs point at a fresh object store. */
async function setup(retries = 20) {
  const fake = new FakeArtifacts();
  const store = await new ObjectStore(fake).start();
  fake.presign = (runId, path, n) => store.url(runId, path, n);
  const server = await startFake(fake);
  const client = new Client({
    address: server.address,
    token: "",
    transferRetry: { retries, initialBackoffMs: 1, maxBackoffMs: 5 },
  });
  cleanups.push(
    () => store.stop(),
    () => server.stop(),
    () => client.close(),
  );
  return { fake, store, client };
}

let dirs = 0;
/** A path `name` in a fresh directory. */
const destFile = (name: string) => join(tmp, `d${++dirs}`, name);

/** Asserts that a failed download left neither the file nor its partial file. */
function nothingAt(dest: string): void {
  assert.ok(!existsSync(dest), `${dest} exists`);
  assert.ok(!existsSync(dest + PARTIAL_SUFFIX), `${dest}${PARTIAL_SUFFIX} exists`);
}

/** N of a "bytes=N-" Range header (-1 for anything else). */
function resumedFrom(range: string | undefined): number {
  const m = /^bytes=(\d+)-$/.exec(range ?? "");
  return m ? Number(m[1]) : -1;
}

/** A predicate for assert.rejects: a ConnectError of `code` whose message matches `re`. */
const failsWith = (code: Code, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ConnectError, `not a ConnectError: ${String(e)}`);
  assert.equal(codeOf(e), code, (e as Error).message);
  if (re) assert.match((e as Error).message, re);
  return true;
};

test("presignedUrl: GET with the artifact record, PUT without; other methods refused before any call", async () => {
  const { fake, client } = await setup();
  const content = pattern(1000);
  fake.put("run1", "m/w.bin", content);
  const before = Date.now();
  const get = await client.presignedUrl("run1", "m/w.bin", { expiresSeconds: 120 });
  assert.match(get.url, /^http:\/\/127\.0\.0\.1:\d+\/run1\/m\/w\.bin\?v=1$/);
  assert.ok(get.expireTimeMillis >= BigInt(before + 120_000), `expiry ${get.expireTimeMillis}`);
  assert.equal(get.artifact?.sizeBytes, 1000n);
  assert.equal(get.artifact?.sha256, sha(content));
  const put = await client.presignedUrl("run1", "m/new.bin", { method: "put" });
  assert.ok(put.url);
  assert.equal(put.artifact, undefined);
  assert.deepEqual(
    fake.presignRequests.map((r) => [r.method, r.expiresSeconds]),
    [
      [1, 120],
      [2, 900],
    ],
    "GET with 120 s, then PUT (lower case) with the default 900 s",
  );
  for (const method of ["POST", "delete", ""]) {
    await assert.rejects(client.presignedUrl("run1", "m/w.bin", { method }), (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, /must be GET or PUT/);
      return true;
    });
  }
  assert.equal(fake.presignRequests.length, 2, "no call for a bad method");
  await assert.rejects(client.presignedUrl("run1", "m/missing.bin"), failsWith(Code.NotFound));
});

test("a local-folder server: presignedUrl and direct downloads are UNIMPLEMENTED", async () => {
  const { fake, store, client } = await setup();
  fake.presign = undefined;
  fake.put("run1", "m/w.bin", pattern(10));
  await assert.rejects(client.presignedUrl("run1", "m/w.bin"), failsWith(Code.Unimplemented));
  const dest = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.Unimplemented));
  nothingAt(dest);
  assert.equal(fake.presignRequests.length, 2, "not retried");
  assert.deepEqual(store.requests, []);
});

test("a direct download reads the object store, not the server, and is verified", async () => {
  const { fake, store, client } = await setup();
  const content = pattern(3 * MiB + 7);
  fake.put("run1", "m/w.bin", content);
  const dest = destFile("w.bin");
  const a = await client.downloadArtifact("run1", "m/w.bin", dest, { direct: true });
  assert.equal(a.sizeBytes, BigInt(content.length));
  assert.equal(a.sha256, sha(content));
  assert.ok(readFileSync(dest).equals(content));
  assert.ok(!existsSync(dest + PARTIAL_SUFFIX));
  assert.deepEqual(fake.downloadOffsets, [], "no DownloadArtifact");
  assert.deepEqual(store.requests, [{ url: "/run1/m/w.bin?v=1", range: undefined }]);
  // Without the option: through the server as before.
  await client.downloadArtifact("run1", "m/w.bin", destFile("w.bin"));
  assert.deepEqual(fake.downloadOffsets, [0n]);
  assert.equal(store.requests.length, 1);
  // An empty artifact.
  fake.put("run1", "m/empty.txt", Buffer.alloc(0));
  const empty = destFile("empty.txt");
  assert.equal((await client.downloadArtifact("run1", "m/empty.txt", empty, { direct: true })).sha256, sha(Buffer.alloc(0)));
  assert.equal(readFileSync(empty).length, 0);
});

test("a direct download resumes with a Range request after a dropped connection", async () => {
  const { fake, store, client } = await setup();
  const content = pattern(3 * MiB + 7);
  fake.put("run1", "m/w.bin", content);
  store.dropAfter = MiB;
  const dest = destFile("w.bin");
  await client.downloadArtifact("run1", "m/w.bin", dest, { direct: true });
  assert.ok(readFileSync(dest).equals(content));
  assert.deepEqual(
    store.requests.map((r) => r.url),
    ["/run1/m/w.bin?v=1", "/run1/m/w.bin?v=1"],
    "the same URL",
  );
  assert.equal(store.requests[0]!.range, undefined);
  // From the bytes received (those the connection delivered before it dropped).
  assert.ok(resumedFrom(store.requests[1]!.range) > 0 && resumedFrom(store.requests[1]!.range) <= MiB, store.requests[1]!.range);
  assert.equal(fake.presignRequests.length, 1);
});

test("an object store that ignores the range when resuming is DATA_LOSS and leaves no file", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(2 * MiB));
  store.dropAfter = MiB;
  store.ignoreRange = true;
  const dest = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.DataLoss, /ignored the byte range/));
  nothingAt(dest);
  assert.equal(store.requests.length, 2, "not retried");
});

test("a URL that expires mid-transfer (403 after serving) is replaced by a fresh one", async () => {
  const { fake, store, client } = await setup();
  const content = pattern(2 * MiB + 3);
  fake.put("run1", "m/w.bin", content);
  store.dropAfter = MiB;
  store.expireAfterUse = true;
  const dest = destFile("w.bin");
  await client.downloadArtifact("run1", "m/w.bin", dest, { direct: true });
  assert.ok(readFileSync(dest).equals(content));
  assert.deepEqual(
    store.requests.map((r) => r.url),
    ["/run1/m/w.bin?v=1", "/run1/m/w.bin?v=1" /* 403: expired */, "/run1/m/w.bin?v=2"],
  );
  const from = resumedFrom(store.requests[1]!.range);
  assert.ok(from > 0 && from <= MiB, store.requests[1]!.range);
  assert.equal(store.requests[2]!.range, `bytes=${from}-`, "the fresh URL resumes too");
  assert.equal(fake.presignRequests.length, 2);
});

test("an artifact replaced before the fresh URL is ABORTED: the bytes so far are the old one's", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(2 * MiB));
  store.dropAfter = MiB;
  store.expireAfterUse = true;
  store.status = (_r, n) => {
    if (n === 2) fake.put("run1", "m/w.bin", pattern(5)); // replaced while the client backs off
    return undefined;
  };
  const dest = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.Aborted, /changed while being downloaded/));
  nothingAt(dest);
  assert.equal(fake.presignRequests.length, 2);
  assert.equal(store.requests.length, 2, "nothing read with the fresh URL");
});

test("a 403 from a URL never used is PERMISSION_DENIED, without a fresh URL", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(100));
  store.status = () => 403;
  const dest = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.PermissionDenied, /HTTP 403/));
  nothingAt(dest);
  assert.equal(store.requests.length, 1);
  assert.equal(fake.presignRequests.length, 1);
});

test("HTTP 404 is NOT_FOUND and 416 DATA_LOSS, neither retried", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(100));
  for (const [status, code] of [
    [404, Code.NotFound],
    [416, Code.DataLoss],
  ] as const) {
    store.requests = [];
    store.status = () => status;
    const dest = destFile("w.bin");
    await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(code, new RegExp(`HTTP ${status}`)));
    nothingAt(dest);
    assert.equal(store.requests.length, 1, `${status} is not retried`);
  }
});

test("HTTP 408, 429 and 5xx are retried; UNAVAILABLE once retries run out", async () => {
  const { fake, store, client } = await setup(3);
  const content = pattern(1000);
  fake.put("run1", "m/w.bin", content);
  const statuses = [503, 429, 408];
  store.status = (_r, n) => statuses[n - 1];
  const dest = destFile("w.bin");
  await client.downloadArtifact("run1", "m/w.bin", dest, { direct: true });
  assert.ok(readFileSync(dest).equals(content));
  assert.equal(store.requests.length, 4);
  store.requests = [];
  store.status = () => 500;
  const dest2 = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest2, { direct: true }), failsWith(Code.Unavailable, /HTTP 500/));
  nothingAt(dest2);
  assert.equal(store.requests.length, 4, "the first try and 3 retries");
});

test("network failures are retried, then UNAVAILABLE", async () => {
  const { fake, store, client } = await setup(2);
  fake.put("run1", "m/w.bin", pattern(10));
  // A host that hangs up on every connection.
  let connections = 0;
  const hangUp = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => hangUp.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => hangUp.close(() => r())));
  const port = (hangUp.address() as net.AddressInfo).port;
  fake.presign = () => `http://127.0.0.1:${port}/run1/m/w.bin`;
  const dest = destFile("w.bin");
  await assert.rejects(
    client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }),
    failsWith(Code.Unavailable, new RegExp(`cannot read 'm/w\\.bin' from the object store at 127\\.0\\.0\\.1:${port}`)),
  );
  nothingAt(dest);
  assert.equal(connections, 3, "the first try and 2 retries");
  // Nothing listening at all.
  await store.stop();
  fake.presign = (runId, path, n) => store.url(runId, path, n);
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.Unavailable, /cannot read/));
  nothingAt(dest);
});

test("a presigned URL that is not http(s) is refused", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(10));
  for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/x", "not a url"]) {
    fake.presign = () => url;
    const dest = destFile("w.bin");
    await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.FailedPrecondition, /not http\(s\)/));
    nothingAt(dest);
  }
  assert.deepEqual(store.requests, []);
});

test("a server that returns no artifact record with the URL: UNIMPLEMENTED, nothing fetched", async () => {
  const { fake, store, client } = await setup();
  fake.put("run1", "m/w.bin", pattern(10));
  fake.presignWithoutArtifact = true;
  const dest = destFile("w.bin");
  await assert.rejects(client.downloadArtifact("run1", "m/w.bin", dest, { direct: true }), failsWith(Code.Unimplemented, /NO_ARTIFACT_RECORD/));
  nothingAt(dest);
  assert.deepEqual(store.requests, []);
});

test("direct bytes that do not match the record's SHA-256 or size are DATA_LOSS and leave no file", async () => {
  const { fake, store, client } = await setup();
  const content = pattern(300 * 1024);
  fake.put("run1", "bad-digest.bin", content, { sha256: sha(pattern(10)) });
  fake.put("run1", "short.bin", content, { sizeBytes: BigInt(content.length + 1) });
  fake.put("run1", "long.bin", content, { sizeBytes: BigInt(content.length - 1) });
  for (const path of ["bad-digest.bin", "short.bin", "long.bin"]) {
    const dest = destFile(path);
    await assert.rejects(client.downloadArtifact("run1", path, dest, { direct: true }), failsWith(Code.DataLoss, /does not match/));
    nothingAt(dest);
  }
  assert.equal(store.requests.length, 3, "one request each");
});

test("downloadArtifacts with direct: a folder from the object store, listed by the server", async () => {
  const { fake, store, client } = await setup();
  const tree = { "tree/a.txt": pattern(100), "tree/sub/b.bin": pattern(2048), "tree/sub/c.bin": pattern(9 * MiB) };
  for (const [path, content] of Object.entries(tree)) fake.put("run1", path, content);
  fake.put("run1", "other/x.txt", pattern(5));
  const dest = join(tmp, "tree-dest");
  const root = await client.downloadArtifacts("run1", "tree", dest, { direct: true });
  assert.equal(root, join(dest, "tree"));
  for (const [path, content] of Object.entries(tree)) assert.ok(readFileSync(join(dest, path)).equals(content), path);
  assert.deepEqual(readdirSync(dest), ["tree"]);
  assert.deepEqual(fake.downloadOffsets, [], "no DownloadArtifact");
  assert.deepEqual(store.requests.map((r) => r.url.replace(/\?.*/, "")).sort(), ["/run1/tree/a.txt", "/run1/tree/sub/b.bin", "/run1/tree/sub/c.bin"]);
  // A single file, and a failure naming the file.
  const file = await client.downloadArtifacts("run1", "other/x.txt", join(tmp, "one"), { direct: true });
  assert.ok(readFileSync(file).equals(pattern(5)));
  store.status = (r) => (r.url.includes("b.bin") ? 404 : undefined);
  const dest2 = join(tmp, "tree-dest2");
  await assert.rejects(client.downloadArtifacts("run1", "tree", dest2, { direct: true }), failsWith(Code.NotFound, /'tree\/sub\/b\.bin'/));
  assert.ok(!existsSync(join(dest2, "tree", "sub", "b.bin")));
});
