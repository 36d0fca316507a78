// Runs the shared interop scenario (tests/interop/scenario.json) against a
// live Cairn server:
//
//   CAIRN_ADDR=127.0.0.1:50051 node dist/src/interop.js [path/to/scenario.json]
//
// Prints one line per step and exits non-zero if any step fails.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { fromJson, toJson, type DescMethod, type DescService, type JsonValue } from "@bufbuild/protobuf";
import type { Client as RpcClient } from "@connectrpc/connect";
import { sha256File } from "./artifacts.js";
import { Client } from "./client.js";
import { Code, ConnectError, codeName, isPermissionDenied, isUnauthenticated } from "./errors.js";
import { AccessService } from "./gen/cairn/v1/access_service_pb.js";
import { TrackingService } from "./gen/cairn/v1/tracking_service_pb.js";
import { ModelRegistryService } from "./gen/cairn/v1/model_registry_service_pb.js";
import { ArtifactService } from "./gen/cairn/v1/artifact_service_pb.js";

const LANG = "ts";
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Step = { [k: string]: Json };

class StepError extends Error {
  constructor(
    message: string,
    readonly code: Code | 0 = 0,
  ) {
    super(message);
  }
}

type Services = Map<string, { desc: DescService; client: RpcClient<DescService> }>;

function servicesOf(client: Client): Services {
  return new Map([
    ["TrackingService", { desc: TrackingService, client: client.tracking as unknown as RpcClient<DescService> }],
    ["ModelRegistryService", { desc: ModelRegistryService, client: client.registry as unknown as RpcClient<DescService> }],
    ["ArtifactService", { desc: ArtifactService, client: client.artifacts as unknown as RpcClient<DescService> }],
    ["AccessService", { desc: AccessService, client: client.access as unknown as RpcClient<DescService> }],
  ]);
}

/**
 * Compares a failure with the code a step expects; access errors must also be
 * recognised by the helper's own predicates.
 */
function checkCode(err: unknown, want: string): void {
  const e = err === undefined ? undefined : ConnectError.from(err);
  const got = e ? e.code : 0;
  if (codeName(got) !== want) {
    throw new StepError(`want ${want}, got ${codeName(got)}${e ? `: ${e.message}` : ""}`, got);
  }
  if (want === "UNAUTHENTICATED" && !isUnauthenticated(err)) throw new StepError(`isUnauthenticated(${e?.message}) = false`);
  if (want === "PERMISSION_DENIED" && !isPermissionDenied(err)) throw new StepError(`isPermissionDenied(${e?.message}) = false`);
}

class Runner {
  vars = new Map<string, string>();
  /** Clients for steps that name their own API token, by token. */
  private readonly byToken = new Map<string, Client>();
  /** Temporary directories of artifact steps, removed by close(). */
  private readonly tempDirs: string[] = [];

  constructor(
    readonly address: string,
    readonly client: Client,
  ) {
    this.vars.set("lang", LANG);
    this.vars.set("nonce", `${Date.now()}-${String(Math.floor(Math.random() * 10000)).padStart(4, "0")}`);
  }

  /**
   * Sets ${actor}: the user the server records for this runner's calls, the
   * token's user or, for anonymous calls, the x-cairn-user header.
   */
  async init(): Promise<void> {
    let actor = `interop-${LANG}`;
    try {
      const me = await this.client.currentUser();
      if (!me.anonymous && me.user?.name) actor = me.user.name;
    } catch {
      // keep the header's name
    }
    this.vars.set("actor", actor);
  }

  /** The runner's client, or one that sends the step's `token` instead. */
  clientFor(step: Step): Client {
    if (typeof step.token !== "string") return this.client;
    let c = this.byToken.get(step.token);
    if (!c) {
      c = new Client({ address: this.address, user: `interop-${LANG}`, token: step.token });
      this.byToken.set(step.token, c);
    }
    return c;
  }

  /** A fresh temporary directory, removed by close(). */
  tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), `cairn-interop-${LANG}-`));
    this.tempDirs.push(dir);
    return dir;
  }

  close(): void {
    for (const d of this.tempDirs) rmSync(d, { recursive: true, force: true });
    for (const c of this.byToken.values()) c.close();
    this.client.close();
  }

  subst(v: Json): Json {
    if (typeof v === "string") {
      return v.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
        const val = this.vars.get(name);
        if (val === undefined) throw new StepError(`unknown variable \${${name}}`);
        return val;
      });
    }
    if (Array.isArray(v)) return v.map((e) => this.subst(e));
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, this.subst(e)]));
    }
    return v;
  }

  async run(raw: Step): Promise<void> {
    const step = this.subst(raw) as Step;
    if (typeof step.call === "string") return this.call(step.call, step);
    if (step.op === "stream_metrics") return this.streamMetrics(step);
    if (step.op === "metric_history") return this.metricHistory(step);
    if (step.op === "upload_artifact") return this.uploadArtifact(step);
    if (step.op === "download_artifact") return this.downloadArtifact(step);
    if (step.op === "upload_artifacts") return this.uploadArtifacts(step);
    if (step.op === "download_artifacts") return this.downloadArtifacts(step);
    if (step.op === "presigned_url") return this.presignedUrl(step);
    throw new StepError(`unknown step kind ${JSON.stringify(step.op)}`);
  }

  async call(call: string, step: Step): Promise<void> {
    const [serviceName, methodName] = call.split("/");
    const svc = servicesOf(this.clientFor(step)).get(serviceName ?? "");
    if (!svc) throw new StepError(`unknown service ${serviceName}`);
    const method: DescMethod | undefined = svc.desc.methods.find((m) => m.name === methodName);
    if (!method || method.methodKind !== "unary") throw new StepError(`unknown unary method ${call}`);
    const req = fromJson(method.input, (step.request ?? {}) as JsonValue);
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const wantCode = typeof expect.code === "string" ? expect.code : "OK";
    const fn = (svc.client as unknown as Record<string, (r: unknown) => Promise<unknown>>)[method.localName]!;
    let resp: unknown;
    let callErr: unknown;
    try {
      resp = await fn.call(svc.client, req);
    } catch (err) {
      callErr = err;
    }
    checkCode(callErr, wantCode);
    if (callErr !== undefined) return;
    const doc = toJson(method.output, resp as never, { useProtoFieldName: true, alwaysEmitImplicit: true }) as Json;
    check(doc, expect);
    const save = (step.save ?? {}) as { [k: string]: Json };
    for (const [name, path] of Object.entries(save)) {
      const [val, found] = lookup(doc, String(path));
      if (!found) throw new StepError(`save ${name}: no ${path} in response`);
      this.vars.set(name, scalar(val));
    }
  }

  async streamMetrics(step: Step): Promise<void> {
    const runId = String(step.run_id);
    const key = String(step.key);
    const n = Number(step.points);
    const mod = Number(step.value_mod);
    const scale = Number(step.value_scale);
    const cfg = (step.streamer ?? {}) as { [k: string]: Json };
    const s = this.clientFor(step).newStreamer({
      streamId: String(step.stream_id),
      ...(cfg.max_message_points !== undefined ? { maxMessagePoints: Number(cfg.max_message_points) } : {}),
      ...(cfg.max_in_flight !== undefined ? { maxInFlight: Number(cfg.max_in_flight) } : {}),
      ...(cfg.max_backoff_ms !== undefined ? { maxBackoffMs: Number(cfg.max_backoff_ms) } : {}),
    });
    const expect = step.expect as { [k: string]: Json } | undefined;
    if (expect?.code !== undefined) {
      // The stream must fail with that code without reconnecting.
      let err: unknown;
      try {
        for (let i = 0; i < n; i++) if (!s.log(runId, key, i, 0)) await s.writable();
        await s.close(60_000);
      } catch (e) {
        err = e;
        await s.close(60_000).catch(() => undefined);
      }
      checkCode(err, String(expect.code));
      const st = s.stats();
      if (st.reconnects !== 0 || st.pointsAcked !== 0) {
        throw new StepError(`a stream failing with ${expect.code} must stop at once: ${st.reconnects} reconnects, ${st.pointsAcked} points acked`);
      }
      return;
    }
    const announce = step.announce_halfway === true;
    const half = Math.floor(n / 2);
    const start = performance.now();
    try {
      for (let i = 0; i < n; i++) {
        if (announce && i === half) console.log(`INTEROP ${LANG} stream_halfway`);
        if (!s.log(runId, key, i, (i % mod) * scale)) await s.writable();
      }
      await s.close(300_000);
    } catch (err) {
      const e = ConnectError.from(err);
      throw new StepError(e.message, e.code);
    }
    const seconds = (performance.now() - start) / 1000;
    const st = s.stats();
    console.log(
      `INTEROP ${LANG} stream_points_per_sec=${Math.round(n / seconds)} points=${n} seconds=${seconds.toFixed(3)} ` +
        `messages=${st.messagesAcked} reconnects=${st.reconnects}`,
    );
    if (st.pointsAcked !== n) throw new StepError(`acknowledged ${st.pointsAcked} points, want ${n}`);
    // After a reconnect, points committed before a lost ack are reported by no
    // ack; the history check counts them instead.
    if (st.reconnects === 0 && st.pointsWritten !== n) throw new StepError(`server reports ${st.pointsWritten} points written, want ${n}`);
  }

  /**
   * Writes `size_bytes` bytes (byte i = i % 251) to `file_name` in a temporary
   * directory and uploads it with Client.uploadArtifact into `dir`.
   */
  async uploadArtifact(step: Step): Promise<void> {
    const size = Number(step.size_bytes);
    const fileName = String(step.file_name);
    const dir = typeof step.dir === "string" ? step.dir : "";
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const wantCode = typeof expect.code === "string" ? expect.code : "OK";
    const local = join(this.tempDir(), fileName);
    writeFileSync(local, pattern(size));
    let artifact: Awaited<ReturnType<Client["uploadArtifact"]>> | undefined;
    let err: unknown;
    try {
      artifact = await this.clientFor(step).uploadArtifact(String(step.run_id), local, dir);
    } catch (e) {
      err = e;
    }
    rmSync(local, { force: true });
    checkCode(err, wantCode);
    if (artifact === undefined) return;
    const got: Record<string, string> = {
      path: artifact.path,
      size_bytes: artifact.sizeBytes.toString(),
      sha256: artifact.sha256,
    };
    expectScalars(got, expect);
  }

  /**
   * Downloads `path` with Client.downloadArtifact to a temporary file (through
   * a presigned URL with `direct`) and checks its size and SHA-256, computed
   * from the file; with expect.code the download must fail with it and leave
   * no file at the destination.
   */
  async downloadArtifact(step: Step): Promise<void> {
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const wantCode = typeof expect.code === "string" ? expect.code : "OK";
    const path = String(step.path);
    const dest = join(this.tempDir(), "download", path.split("/").pop() || "artifact");
    let err: unknown;
    try {
      await this.clientFor(step).downloadArtifact(String(step.run_id), path, dest, { direct: step.direct === true });
    } catch (e) {
      err = e;
    }
    checkCode(err, wantCode);
    if (err !== undefined) {
      if (existsSync(dest)) throw new StepError(`a failed download left ${dest}`);
      if (existsSync(dest + ".cairn-partial")) throw new StepError(`a failed download left ${dest}.cairn-partial`);
      return;
    }
    const { size_bytes, sha256 } = await fileRecord(dest, "");
    rmSync(dest, { force: true });
    expectScalars({ size_bytes, sha256 }, expect);
  }

  /**
   * Writes `files` (byte i = i % 251) under a temporary directory and uploads
   * it with Client.uploadArtifacts into `dir`; the artifacts returned, in
   * order, must equal expect.artifacts.
   */
  async uploadArtifacts(step: Step): Promise<void> {
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const root = this.tempDir();
    for (const f of (step.files ?? []) as Step[]) {
      const local = join(root, ...String(f.path).split("/"));
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(local, pattern(Number(f.size_bytes)));
    }
    let artifacts: Awaited<ReturnType<Client["uploadArtifacts"]>> = [];
    let err: unknown;
    try {
      artifacts = await this.clientFor(step).uploadArtifacts(String(step.run_id), root, typeof step.dir === "string" ? step.dir : "");
    } catch (e) {
      err = e;
    }
    rmSync(root, { recursive: true, force: true });
    checkCode(err, typeof expect.code === "string" ? expect.code : "OK");
    if (err !== undefined) return;
    const got = artifacts.map((a) => ({ path: a.path, size_bytes: a.sizeBytes.toString(), sha256: a.sha256 }));
    expectRecords("artifacts", got, expect.artifacts);
  }

  /**
   * Downloads `path` with Client.downloadArtifacts (through presigned URLs
   * with `direct`) into a new temporary directory; the root returned, relative to it, must equal expect.root and
   * the regular files under that root (path order, size and SHA-256 computed
   * here) expect.files. With expect.code the call must fail with it and leave
   * no file.
   */
  async downloadArtifacts(step: Step): Promise<void> {
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const dest = this.tempDir();
    let root = "";
    let err: unknown;
    try {
      root = await this.clientFor(step).downloadArtifacts(String(step.run_id), String(step.path), dest, {
        direct: step.direct === true,
      });
    } catch (e) {
      err = e;
    }
    checkCode(err, typeof expect.code === "string" ? expect.code : "OK");
    if (err !== undefined) {
      const left = await filesUnder(dest);
      if (left.length > 0) throw new StepError(`a failed download left ${left.map((f) => f.path).join(", ")}`);
      return;
    }
    const rel = relative(dest, root).split(sep).join("/");
    if (rel !== String(expect.root ?? "")) throw new StepError(`root = ${JSON.stringify(rel)}, want ${JSON.stringify(expect.root)}`);
    expectRecords("files", await filesUnder(root), expect.files);
    rmSync(dest, { recursive: true, force: true });
  }

  /**
   * Asks Client.presignedUrl for a URL (`method`, `expires_seconds`); for GET
   * the body of a plain HTTP GET of it and the artifact returned must both
   * have expect.size_bytes and expect.sha256; for PUT no artifact is
   * returned. With expect.code the helper must fail with it.
   */
  async presignedUrl(step: Step): Promise<void> {
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const method = typeof step.method === "string" ? step.method : "GET";
    let presigned: Awaited<ReturnType<Client["presignedUrl"]>> | undefined;
    let err: unknown;
    try {
      presigned = await this.clientFor(step).presignedUrl(String(step.run_id), String(step.path), {
        method,
        ...(step.expires_seconds !== undefined ? { expiresSeconds: Number(step.expires_seconds) } : {}),
      });
    } catch (e) {
      err = e;
    }
    checkCode(err, typeof expect.code === "string" ? expect.code : "OK");
    if (presigned === undefined) return;
    if (!presigned.url) throw new StepError("no URL");
    if (method.toUpperCase() !== "GET") {
      if (presigned.artifact !== undefined) throw new StepError(`${method}: an artifact record came with the URL`);
      return;
    }
    const a = presigned.artifact;
    if (a === undefined) throw new StepError("GET: no artifact record came with the URL");
    expectScalars({ size_bytes: a.sizeBytes.toString(), sha256: a.sha256 }, expect);
    const resp = await fetch(presigned.url);
    if (resp.status !== 200) throw new StepError(`GET ${presigned.url}: HTTP ${resp.status}`);
    const body = Buffer.from(await resp.arrayBuffer());
    expectScalars({ size_bytes: String(body.length), sha256: createHash("sha256").update(body).digest("hex") }, expect);
  }

  async metricHistory(step: Step): Promise<void> {
    const runId = String(step.run_id);
    const key = String(step.key);
    const hasFormula = step.value_mod !== undefined;
    const mod = BigInt(Number(step.value_mod ?? 1));
    const scale = Number(step.value_scale ?? 0);
    let count = 0;
    let sumSteps = 0n;
    let sumValues = 0;
    let first = -1n;
    let last = -1n;
    const expect = (step.expect ?? {}) as { [k: string]: Json };
    const wantCode = typeof expect.code === "string" ? expect.code : "OK";
    try {
      for await (const resp of this.clientFor(step).tracking.getMetricHistory({ runId, key })) {
        const steps = resp.points?.steps ?? [];
        const values = resp.points?.values ?? [];
        if (steps.length !== values.length) {
          throw new StepError(`chunk has ${steps.length} steps and ${values.length} values`);
        }
        for (let i = 0; i < steps.length; i++) {
          const s = steps[i]!;
          const v = values[i]!;
          if (count === 0) first = s;
          else if (s <= last) throw new StepError(`steps out of order: ${s} after ${last}`);
          if (hasFormula) {
            const want = Number(s % mod) * scale;
            if (v !== want) throw new StepError(`value at step ${s} = ${v}, want ${want}`);
          }
          last = s;
          count++;
          sumSteps += s;
          sumValues += v;
        }
      }
    } catch (err) {
      if (err instanceof StepError) throw err;
      checkCode(err, wantCode);
      return;
    }
    if (wantCode !== "OK") throw new StepError(`want ${wantCode}, got OK`);
    const got: Record<string, string> = {
      count: String(count),
      first_step: String(first),
      last_step: String(last),
      sum_steps: String(sumSteps),
      sum_values: String(sumValues),
    };
    expectScalars(got, expect);
  }
}

/** A buffer of n bytes where byte i is i % 251, the scenario's file content. */
function pattern(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

type FileRecord = { path: string; size_bytes: string; sha256: string };

async function fileRecord(local: string, path: string): Promise<FileRecord> {
  return { path, size_bytes: String(statSync(local).size), sha256: await sha256File(local) };
}

/**
 * The regular files under `root` (itself, with path "", if it is one), with
 * "/"-separated relative paths, in path (byte) order.
 */
async function filesUnder(root: string): Promise<FileRecord[]> {
  if (statSync(root).isFile()) return [await fileRecord(root, "")];
  const found: FileRecord[] = [];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const local = join(e.parentPath, e.name);
    found.push(await fileRecord(local, relative(root, local).split(sep).join("/")));
  }
  return found.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/** Compares path, size_bytes and sha256 of each record, in order, with a list of expectations. */
function expectRecords(what: string, got: FileRecord[], want: Json | undefined): void {
  const w = (Array.isArray(want) ? want : []) as { [k: string]: Json }[];
  const show = (rs: { [k: string]: Json }[]) => rs.map((r) => `${scalar(r.path)} (${scalar(r.size_bytes)} bytes)`).join(", ");
  if (got.length !== w.length) throw new StepError(`${what}: got [${show(got)}], want [${show(w)}]`);
  got.forEach((g, i) => {
    for (const k of ["path", "size_bytes", "sha256"] as const) {
      if (!sameScalar(g[k], w[i]![k])) throw new StepError(`${what}[${i}].${k} = ${g[k]}, want ${scalar(w[i]![k])}`);
    }
  });
}

/** Compares computed values with a step's expectations (other than `code`). */
function expectScalars(got: Record<string, string>, expect: { [k: string]: Json }): void {
  for (const [k, want] of Object.entries(expect)) {
    if (k === "code") continue;
    const g = got[k];
    if (g === undefined) throw new StepError(`unknown expectation ${k}`);
    if (!sameScalar(g, want)) throw new StepError(`${k} = ${g}, want ${scalar(want)}`);
  }
}

function lookup(doc: Json, path: string): [Json, boolean] {
  let cur: Json = doc;
  for (const part of path.split(".")) {
    if (Array.isArray(cur)) {
      const i = Number(part);
      if (!Number.isInteger(i) || i < 0 || i >= cur.length) return [null, false];
      cur = cur[i]!;
    } else if (cur !== null && typeof cur === "object") {
      if (!(part in cur)) return [null, false];
      cur = cur[part]!;
    } else {
      return [null, false];
    }
  }
  return [cur, true];
}

function scalar(v: Json | undefined): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function sameScalar(got: Json | undefined, want: Json | undefined): boolean {
  const g = scalar(got);
  const w = scalar(want);
  if (g === w) return true;
  const gf = Number(g);
  const wf = Number(w);
  return g.trim() !== "" && w.trim() !== "" && !Number.isNaN(gf) && !Number.isNaN(wf) && gf === wf;
}

function check(doc: Json, expect: { [k: string]: Json }): void {
  for (const [p, want] of Object.entries((expect.equals ?? {}) as { [k: string]: Json })) {
    const [got, found] = lookup(doc, p);
    if (!found) throw new StepError(`${p}: missing, want ${scalar(want)}`);
    if (!sameScalar(got, want)) throw new StepError(`${p} = ${scalar(got)}, want ${scalar(want)}`);
  }
  for (const [p, want] of Object.entries((expect.length ?? {}) as { [k: string]: Json })) {
    const [got] = lookup(doc, p);
    const len = Array.isArray(got) ? got.length : 0;
    if (!sameScalar(len, want)) throw new StepError(`len(${p}) = ${len}, want ${scalar(want)}`);
  }
  for (const [p, want] of Object.entries((expect.kv ?? {}) as { [k: string]: Json })) {
    const [got] = lookup(doc, p);
    const have = new Map<string, string>();
    for (const e of Array.isArray(got) ? got : []) {
      if (e !== null && typeof e === "object" && !Array.isArray(e)) have.set(scalar(e.key), scalar(e.value));
    }
    for (const [k, v] of Object.entries(want as { [k: string]: Json })) {
      if (have.get(k) !== scalar(v)) {
        throw new StepError(`${p}[${k}] = ${JSON.stringify(have.get(k))}, want ${JSON.stringify(scalar(v))}`);
      }
    }
  }
}

async function main(): Promise<number> {
  const here = dirname(fileURLToPath(import.meta.url));
  const path = process.argv[2] ?? resolve(here, "../../../../tests/interop/scenario.json");
  const addr = process.env.CAIRN_ADDR;
  if (!addr) {
    console.error("CAIRN_ADDR is not set");
    return 2;
  }
  const list = process.argv[3] ?? "steps";
  const scenario = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const steps = scenario[list];
  if (!Array.isArray(steps)) {
    console.error(`${path}: no list of steps named ${list}`);
    return 2;
  }
  // The API token and TLS settings come from CAIRN_TOKEN and CAIRN_TLS*.
  const client = new Client({ address: addr, user: `interop-${LANG}` });
  const runner = new Runner(addr, client);
  await runner.init();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skipGroups = new Set<string>();
  try {
    for (const step of steps as Step[]) {
      const name = String(step.name);
      const group = typeof step.optional_group === "string" ? step.optional_group : "";
      if (group && skipGroups.has(group)) {
        console.log(`SKIP ${name} (group ${group} not implemented by the server)`);
        skipped++;
        continue;
      }
      const start = performance.now();
      try {
        await runner.run(step);
        console.log(`PASS ${name} (${Math.round(performance.now() - start)}ms)`);
        passed++;
      } catch (err) {
        const e = err instanceof StepError ? err : new StepError(String(err));
        if (group && e.code === Code.Unimplemented) {
          console.log(`SKIP ${name}: ${e.message}`);
          skipGroups.add(group);
          skipped++;
        } else {
          console.log(`FAIL ${name}: ${e.message}`);
          failed++;
        }
      }
    }
  } finally {
    runner.close();
  }
  console.log(`INTEROP ${LANG} passed=${passed} failed=${failed} skipped=${skipped}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
