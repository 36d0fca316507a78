// An in-process TrackingService that follows the StreamMetrics contract
// (open/opened, seq dedup, fencing, cumulative acks) and lets tests inject
// failures. Served over HTTP/2 with the gRPC protocol on a loopback port.
import { strict as assert } from "node:assert";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import {
  StreamMetricsResponseSchema,
  TrackingService,
  type StreamMetricsRequest,
  type StreamMetricsResponse,
} from "../src/gen/cairn/v1/tracking_service_pb.js";
import { RunStatus, type Run } from "../src/gen/cairn/v1/run_pb.js";
import type { Experiment } from "../src/gen/cairn/v1/experiment_pb.js";

/** Asserts that the fake stored `key` as the points (i, i * 0.5) for i < n, in order. */
export function checkSeries(fake: FakeTracking, key: string, n: number) {
  const steps = fake.steps.get(key) ?? [];
  const values = fake.values.get(key) ?? [];
  assert.equal(steps.length, n, `${key}: stored ${steps.length} points, want ${n}`);
  for (let i = 0; i < n; i++) {
    if (steps[i] !== BigInt(i) || values[i] !== i * 0.5) {
      assert.fail(`${key}: point ${i} is (${steps[i]}, ${values[i]})`);
    }
  }
}

export type Action = "commit" | "failBeforeCommit" | "commitThenFail" | "neverAck";

export class FakeTracking {
  streams = new Map<string, { committed: bigint; epoch: bigint }>();
  steps = new Map<string, bigint[]>();
  values = new Map<string, number[]>();
  onData: ((streamId: string, seq: bigint) => Action) | undefined;
  ackDelayMs = 0;
  outstanding = 0;
  maxOutstanding = 0;
  opens = 0;
  headers: Headers[] = [];
  /** Called with the headers of every recorded call; throw to refuse it. */
  gate: ((headers: Headers) => void) | undefined;
  runs = new Map<string, Run>();
  experiments = new Map<string, Experiment>();

  seen(headers: Headers): void {
    this.headers.push(headers);
    this.gate?.(headers);
  }

  total(): number {
    let n = 0;
    for (const v of this.values.values()) n += v.length;
    return n;
  }

  routes = (router: ConnectRouter) => {
    const self = this;
    router.service(TrackingService, {
      async *streamMetrics(requests: AsyncIterable<StreamMetricsRequest>, ctx: HandlerContext) {
        self.seen(ctx.requestHeader);
        yield* self.stream(requests);
      },
      async getExperimentByName(req, ctx) {
        self.seen(ctx.requestHeader);
        for (const e of self.experiments.values()) if (e.name === req.name) return { experiment: e };
        throw new ConnectError(`no experiment is named '${req.name}'`, Code.NotFound);
      },
      async createExperiment(req, ctx) {
        self.seen(ctx.requestHeader);
        const e = { experimentId: `exp${self.experiments.size + 1}`, name: req.name } as Experiment;
        self.experiments.set(e.experimentId, e);
        return { experiment: e };
      },
      async createRun(req, ctx) {
        self.seen(ctx.requestHeader);
        if (!self.experiments.has(req.experimentId)) throw new ConnectError("experiment", Code.NotFound);
        const r = {
          runId: `run${self.runs.size + 1}`,
          experimentId: req.experimentId,
          runName: req.runName,
          status: RunStatus.RUNNING,
          params: req.params,
          tags: req.tags,
        } as Run;
        self.runs.set(r.runId, r);
        return { run: r };
      },
      async logParams(req) {
        const r = self.runs.get(req.runId);
        if (!r) throw new ConnectError("run", Code.NotFound);
        for (const p of req.params) {
          const old = r.params.find((o) => o.key === p.key);
          if (old && old.value !== p.value) {
            throw new ConnectError(`param '${p.key}' is immutable`, Code.InvalidArgument);
          }
        }
        r.params.push(...req.params);
        return {};
      },
      async setTags(req) {
        const r = self.runs.get(req.runId);
        if (!r) throw new ConnectError("run", Code.NotFound);
        r.tags.push(...req.tags);
        return {};
      },
      async updateRun(req) {
        const r = self.runs.get(req.run!.runId);
        if (!r) throw new ConnectError("run", Code.NotFound);
        r.status = req.run!.status;
        return { run: r };
      },
    });
  };

  private async *stream(requests: AsyncIterable<StreamMetricsRequest>): AsyncGenerator<StreamMetricsResponse> {
    const it = requests[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done || first.value.message.case !== "open") {
      throw new ConnectError("first message must be open", Code.InvalidArgument);
    }
    const id = first.value.message.value.streamId;
    let st = this.streams.get(id);
    if (!st) {
      st = { committed: 0n, epoch: 0n };
      this.streams.set(id, st);
    }
    st.epoch++;
    const epoch = st.epoch;
    this.opens++;
    yield create(StreamMetricsResponseSchema, {
      message: { case: "opened", value: { streamId: id, lastCommittedSeq: st.committed, epoch } },
    });
    // Requests are read concurrently with acks going out (in order, each
    // ackDelayMs after its message), as a real server pipelines them.
    type Item = { ack: StreamMetricsResponse; due: number } | { error: unknown } | { end: true };
    const items: Item[] = [];
    let wake: (() => void) | undefined;
    const push = (item: Item) => {
      items.push(item);
      wake?.();
    };
    const ack = (value: { ackedSeq: bigint; pointsWritten: bigint; duplicate: boolean }) =>
      push({ ack: create(StreamMetricsResponseSchema, { message: { case: "ack", value } }), due: Date.now() + this.ackDelayMs });
    const reader = async () => {
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        const req = next.value;
        if (req.message.case !== "data") throw new ConnectError("expected data", Code.InvalidArgument);
        const data = req.message.value;
        this.outstanding++;
        this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
        if (st!.epoch !== epoch) throw new ConnectError("STREAM_FENCED", Code.Aborted);
        if (data.seq <= st!.committed) {
          ack({ ackedSeq: data.seq, pointsWritten: 0n, duplicate: true });
          continue;
        }
        if (data.seq !== st!.committed + 1n) {
          throw new ConnectError(`seq ${data.seq} after ${st!.committed}`, Code.OutOfRange);
        }
        const action = this.onData?.(id, data.seq) ?? "commit";
        if (action === "failBeforeCommit") throw new ConnectError("injected failure before commit", Code.Unavailable);
        let written = 0n;
        for (const b of data.batches) {
          if (b.runId === "missing") throw new ConnectError(`run '${b.runId}' not found`, Code.NotFound);
          const k = `${b.runId}/${b.key}`;
          this.steps.set(k, [...(this.steps.get(k) ?? []), ...b.steps]);
          this.values.set(k, [...(this.values.get(k) ?? []), ...b.values]);
          written += BigInt(b.steps.length);
        }
        st!.committed = data.seq;
        if (action === "commitThenFail") throw new ConnectError("injected failure after commit", Code.Unavailable);
        if (action === "neverAck") continue;
        ack({ ackedSeq: data.seq, pointsWritten: written, duplicate: false });
      }
    };
    reader().then(
      () => push({ end: true }),
      (error: unknown) => push({ error }),
    );
    for (;;) {
      while (items.length === 0) await new Promise<void>((r) => (wake = r));
      const item = items.shift()!;
      if ("end" in item) return;
      if ("error" in item) throw item.error;
      const wait = item.due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.outstanding--;
      yield item.ack;
    }
  }
}

export interface FakeServer {
  address: string;
  stop(): Promise<void>;
}

/** TLS settings of a fake server: Node's secure server options. */
export type FakeTls = http2.SecureServerOptions;

/** Anything that registers services on a router: FakeTracking, FakeArtifacts. */
export interface Routable {
  routes: (router: ConnectRouter) => void;
}

export async function startFake(fake: Routable, port = 0, tls?: FakeTls): Promise<FakeServer> {
  const handler = connectNodeAdapter({ routes: fake.routes });
  const server: http2.Http2Server | http2.Http2SecureServer = tls
    ? http2.createSecureServer(tls, handler)
    : http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  for (let i = 0; ; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
      break;
    } catch (err) {
      if (i >= 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const { port: bound } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${bound}`,
    stop: async () => {
      for (const s of sessions) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
