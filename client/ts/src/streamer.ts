import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { TrackingService } from "./gen/cairn/v1/tracking_service_pb.js";
import {
  StreamMetricsRequestSchema,
  type StreamAck,
  type StreamMetricsRequest,
  type StreamOpened,
} from "./gen/cairn/v1/tracking_service_pb.js";
import { WireType } from "@bufbuild/protobuf/wire";
import { PermanentError, StreamerClosedError, isRetryable } from "./errors.js";
import { Spool, defaultSpoolDir, type SpoolRecord } from "./spool.js";

/** Options of a MetricStreamer; every field has a default. */
export interface StreamerOptions {
  /**
   * Names the stream on the server (1-128 of letters, digits, `_ - . :`).
   * Default "ts-" + 32 random hex digits. Reusing an id continues its sequence
   * numbers; two live writers with one id fence each other.
   */
  streamId?: string;
  /** A message is cut once it holds this many points (default 50,000; at most 2,000,000). */
  maxMessagePoints?: number;
  /** No point waits longer than this before its message is cut (default 1000 ms). */
  flushIntervalMs?: number;
  /** Window of sent, unacknowledged messages (default 16). */
  maxInFlight?: number;
  /** log() returns false once this many points wait to be sent (default 2,000,000). */
  maxBufferedPoints?: number;
  /** Reconnect delays: exponential with jitter between these bounds (100 ms, 10 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Fail when no ack arrives for this long while reconnecting (default 60 s). */
  retryTimeoutMs?: number;
  /**
   * The server's `host:port`, recorded in a new spool's meta.json for
   * `cairn sync`. Client.newStreamer fills in the client's address.
   */
  address?: string;
  /**
   * A local spool directory (the Python SDK's format; see Spool). Every message
   * is written there before it is sent, and acknowledgements are recorded as
   * they arrive, so a process that dies or loses the server leaves its
   * unacknowledged messages on disk. A streamer opened on an existing spool
   * takes the stream id of its meta.json (over `streamId`) and first resends
   * what the spool holds beyond its acked seq; the server drops what it
   * already committed. A clean close() with everything acknowledged deletes
   * the directory. Messages are numbered when cut; if on the first
   * connection the server holds more of the stream than the spool did when
   * opened (a reused stream id, or a spool whose tail a machine crash lost
   * without spoolFsync after the server committed it), the messages numbered
   * since are renumbered to follow what the server holds, once, instead of
   * being taken for resends.
   */
  spoolDir?: string;
  /** fsync the spool after every message (default false). */
  spoolFsync?: boolean;
  /**
   * Only write the spool, never contact the server (default false); upload
   * later with a streamer on the same spoolDir, or `cairn sync DIR`. flush()
   * resolves once the points are in the spool, and close() keeps the
   * directory. Without spoolDir the spool is defaultSpoolDir(streamId):
   * `$XDG_DATA_HOME/cairn/spool/<stream id>` (default `~/.local/share/...`).
   */
  offline?: boolean;
}

/** Counters of a streamer's life so far. */
export interface StreamerStats {
  streamId: string;
  epoch: bigint;
  messagesSent: number;
  messagesAcked: number;
  pointsAcked: number;
  pointsWritten: number;
  duplicateAcks: number;
  reconnects: number;
  lastCommittedSeq: bigint;
}

interface Message {
  ord: number; // local order, from 1
  seq: bigint; // 0n until sequenced
  points: number;
  batches: Uint8Array[]; // serialized MetricBatch messages
  req: StreamMetricsRequest | undefined; // built once sequenced
  framed?: Uint8Array; // with a spool: varint length + StreamData, built when cut
}

/** Columns of one (run, key) being built, in growable typed arrays. */
interface Builder {
  runId: string;
  key: string;
  n: number;
  steps: Float64Array; // integral values (exact up to 2^53)
  values: Float64Array;
  timestamps: Float64Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(bytes: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    bytes[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  bytes[pos++] = n;
  return pos;
}

/** Bytes of a length-delimited field with a one-byte tag. */
function fieldLength(payload: number): number {
  return 1 + varintLength(payload) + payload;
}

function writeHeader(bytes: Uint8Array, pos: number, field: number, len: number): number {
  bytes[pos++] = (field << 3) | 2;
  return writeVarint(bytes, pos, len);
}

/**
 * The serialized MetricBatch of a builder: run_id, key and the packed
 * fixed-width columns, which on the wire are plain little-endian arrays.
 */
function encodeBatch(b: Builder): Uint8Array {
  const run = utf8.encode(b.runId);
  const key = utf8.encode(b.key);
  const col = 8 * b.n;
  const size = fieldLength(run.length) + fieldLength(key.length) + (b.n > 0 ? 3 * fieldLength(col) : 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let pos = writeHeader(bytes, 0, 1, run.length);
  bytes.set(run, pos);
  pos = writeHeader(bytes, pos + run.length, 2, key.length);
  bytes.set(key, pos);
  pos += key.length;
  if (b.n > 0) {
    pos = writeHeader(bytes, pos, 3, col);
    pos = writeInt64s(view, pos, b.steps, b.n);
    pos = writeHeader(bytes, pos, 4, col);
    if (LITTLE_ENDIAN) {
      bytes.set(new Uint8Array(b.values.buffer, b.values.byteOffset, col), pos);
      pos += col;
    } else {
      for (let i = 0; i < b.n; i++, pos += 8) view.setFloat64(pos, b.values[i]!, true);
    }
    pos = writeHeader(bytes, pos, 5, col);
    pos = writeInt64s(view, pos, b.timestamps, b.n);
  }
  return bytes;
}

function writeInt64s(view: DataView, pos: number, src: Float64Array, count: number): number {
  for (let i = 0; i < count; i++, pos += 8) {
    const v = src[i]!;
    if (v >= 0) {
      const lo = v % 4294967296;
      view.setUint32(pos, lo, true);
      view.setUint32(pos + 4, (v - lo) / 4294967296, true);
    } else {
      view.setBigInt64(pos, BigInt(v), true);
    }
  }
  return pos;
}

/**
 * A StreamMetricsRequest carrying `data` {seq, batches}, fully serialized and
 * attached as the message's unknown field 2: protobuf-es writes unknown fields
 * verbatim, so the request goes out as exactly these bytes, encoded once.
 */
function dataRequest(seq: bigint, batches: Uint8Array[]): StreamMetricsRequest {
  return framedRequest(frame(seq, batches));
}

/** Field 2 of a StreamMetricsRequest, without its tag: varint length + StreamData {seq, batches}. */
function frame(seq: bigint, batches: Uint8Array[]): Uint8Array {
  const seqNum = Number(seq);
  let data = 1 + varintLength(seqNum);
  for (const b of batches) data += fieldLength(b.length);
  const bytes = new Uint8Array(varintLength(data) + data);
  let pos = writeVarint(bytes, 0, data); // the length of field 2 (StreamMetricsRequest.data)
  bytes[pos++] = 0x08; // StreamData.seq, varint
  pos = writeVarint(bytes, pos, seqNum);
  for (const b of batches) {
    pos = writeHeader(bytes, pos, 2, b.length); // StreamData.batches
    bytes.set(b, pos);
    pos += b.length;
  }
  return bytes;
}

function framedRequest(framed: Uint8Array): StreamMetricsRequest {
  const req = create(StreamMetricsRequestSchema);
  req.$unknown = [{ no: 2, wireType: WireType.LengthDelimited, data: framed }];
  return req;
}

/** The StreamData of a frame (a view, not a copy). */
function unframe(framed: Uint8Array): Uint8Array {
  let pos = 0;
  while (framed[pos]! & 0x80) pos++;
  return framed.subarray(pos + 1);
}

/** The frame of a serialized StreamData, with its seq (field 1, encoded first) replaced by seq. */
function reframe(body: Uint8Array, seq?: bigint): Uint8Array {
  let rest = body;
  let seqNum: number | undefined = seq === undefined ? undefined : Number(seq);
  if (seqNum !== undefined && body[0] === 0x08) {
    let pos = 1;
    while (body[pos]! & 0x80) pos++;
    rest = body.subarray(pos + 1);
  }
  const head = seqNum === undefined ? 0 : 1 + varintLength(seqNum);
  const size = head + rest.length;
  const framed = new Uint8Array(varintLength(size) + size);
  let pos = writeVarint(framed, 0, size);
  if (seqNum !== undefined) {
    framed[pos++] = 0x08;
    pos = writeVarint(framed, pos, seqNum);
  }
  framed.set(rest, pos);
  return framed;
}

/** Reads a varint at pos; returns [value, next pos]. */
function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= bytes.length) throw new Error("truncated varint");
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
}

/** Skips a field of the given wire type whose tag ends at pos; returns the next pos. */
function skipField(bytes: Uint8Array, pos: number, wireType: number): number {
  switch (wireType) {
    case 0:
      return readVarint(bytes, pos)[1];
    case 1:
      return pos + 8;
    case 2: {
      const [len, p] = readVarint(bytes, pos);
      return p + len;
    }
    case 5:
      return pos + 4;
    default:
      throw new Error(`unsupported wire type ${wireType}`);
  }
}

/** Points in a serialized StreamData: the steps of its batches (packed or not). */
function countPoints(body: Uint8Array): number {
  let points = 0;
  let pos = 0;
  while (pos < body.length) {
    const [tag, p] = readVarint(body, pos);
    if (tag !== ((2 << 3) | 2)) {
      pos = skipField(body, p, tag & 7);
      continue;
    }
    const [len, start] = readVarint(body, p);
    const end = start + len;
    if (end > body.length) throw new Error("truncated StreamData");
    let q = start;
    while (q < end) {
      const [t, r] = readVarint(body, q);
      if (t === ((3 << 3) | 2)) {
        const [n, s] = readVarint(body, r);
        points += Math.floor(n / 8);
        q = s + n;
      } else {
        if (t === ((3 << 3) | 1)) points++;
        q = skipField(body, r, t & 7);
      }
    }
    pos = end;
  }
  return points;
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Streams metric points over TrackingService.StreamMetrics in the background
 * with exactly-once effect:
 * - points are grouped per (run, key) into columnar batches and cut into
 *   messages by size (maxMessagePoints) and age (flushIntervalMs);
 * - at most maxInFlight messages are unacknowledged; log() returns false once
 *   maxBufferedPoints wait to be sent (await writable() before logging more,
 *   as with a Node Writable);
 * - on a retryable failure (UNAVAILABLE and transport errors) it reconnects
 *   with exponential backoff and jitter, reopens the same stream id, drops
 *   what the server reports committed and resends the rest unchanged;
 * - ABORTED (fenced by a newer writer), OUT_OF_RANGE, content errors and
 *   access errors (UNAUTHENTICATED, PERMISSION_DENIED: see isUnauthenticated)
 *   are final: the streamer fails, and log/flush/close throw that error.
 * - with spoolDir, every message is appended to a local spool (the Python
 *   SDK's format) before it is sent, so a new streamer on the same directory
 *   resends what a dead process or an unreachable server left unacknowledged;
 *   with offline, messages only go to the spool (see StreamerOptions).
 *
 * Every connection, reconnects included, goes through the client's
 * interceptors, so it carries the client's API token.
 */
export class MetricStreamer {
  readonly streamId: string;
  /** The spool, with spoolDir or offline. */
  readonly spool: Spool | undefined;
  private readonly offline: boolean;
  // The last seq a resumed spool held when opened (0 for a new one): a server
  // holding more makes the messages numbered since move up.
  private readonly resumedLast: bigint;
  private spoolClosed = false;
  private readonly opts: Required<
    Omit<StreamerOptions, "streamId" | "address" | "spoolDir" | "spoolFsync" | "offline">
  >;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  private waiters: Array<() => void> = [];

  private builders = new Map<string, Builder>();
  private last: Builder | undefined;
  private spare: Builder[] = []; // builders whose arrays can be reused after a cut
  private curPoints = 0;
  private curSince = 0;

  private queue: Message[] = [];
  private queuedPoints = 0;
  private nextOrd = 1;

  private inflight: Message[] = [];
  private sent = 0;
  private started = false;
  private nextSeq = 0n;
  private ackedSeq = 0n;
  private ackedOrd = 0;
  private progress = false;

  private closing = false;
  private err: Error | undefined;
  private readonly counters: StreamerStats;

  constructor(
    private readonly tracking: Client<typeof TrackingService>,
    options: StreamerOptions = {},
  ) {
    const streamId = options.streamId ?? `ts-${randomBytes(16).toString("hex")}`;
    this.offline = options.offline ?? false;
    this.resumedLast = 0n;
    const replay: SpoolRecord[] = [];
    if (options.spoolDir !== undefined || this.offline) {
      const spool = new Spool(options.spoolDir || defaultSpoolDir(streamId), streamId, options.address ?? "", {
        fsync: options.spoolFsync ?? false,
      });
      this.spool = spool;
      this.ackedSeq = spool.ackedSeq();
      replay.push(...spool.pending());
      this.nextSeq = (replay.length > 0 ? replay[replay.length - 1]!.seq : this.ackedSeq) + 1n;
      this.resumedLast = this.nextSeq - 1n;
    }
    this.streamId = this.spool?.streamId ?? streamId;
    const maxMessagePoints = Math.min(Math.max(1, options.maxMessagePoints ?? 50_000), 2_000_000);
    this.opts = {
      maxMessagePoints,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxInFlight: Math.max(1, options.maxInFlight ?? 16),
      maxBufferedPoints: Math.max(maxMessagePoints, options.maxBufferedPoints ?? 2_000_000),
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      retryTimeoutMs: options.retryTimeoutMs ?? 60_000,
    };
    this.counters = {
      streamId: this.streamId,
      epoch: 0n,
      messagesSent: 0,
      messagesAcked: 0,
      pointsAcked: 0,
      pointsWritten: 0,
      duplicateAcks: 0,
      reconnects: 0,
      lastCommittedSeq: this.ackedSeq,
    };
    if (!this.offline) {
      // Resent first; offline they simply stay in the spool.
      for (const r of replay) {
        const points = countPoints(r.body);
        this.queue.push({ ord: this.nextOrd++, seq: r.seq, points, batches: [], req: undefined, framed: reframe(r.body) });
        this.queuedPoints += points;
      }
    }
    const period = Math.min(Math.max(this.opts.flushIntervalMs / 4, 5), 1000);
    this.timer = setInterval(() => {
      if (this.curPoints > 0 && Date.now() - this.curSince >= this.opts.flushIntervalMs) this.cut();
    }, period);
    this.timer.unref();
    this.done = this.loop();
  }

  /** A snapshot of the counters. */
  stats(): StreamerStats {
    return { ...this.counters };
  }

  /** The error that stopped the streamer, if any. */
  get error(): Error | undefined {
    return this.err;
  }

  /**
   * The seq of the last message numbered so far. With a spool, messages are
   * numbered when cut (the last one written to the spool); without, when
   * sent. 0 before any.
   */
  get lastSeq(): bigint {
    return this.nextSeq > 0n ? this.nextSeq - 1n : 0n;
  }

  /**
   * Queues one point (timestamp defaults to now, in Unix milliseconds).
   * Returns false when the buffer is full: await writable() before logging
   * more. Throws the streamer's error once it failed, or StreamerClosedError.
   */
  log(runId: string, key: string, step: number, value: number, timestampMillis = Date.now()): boolean {
    this.checkOpen();
    if (!Number.isSafeInteger(step)) {
      throw new ConnectError(`step ${step} is not an integer`, Code.InvalidArgument);
    }
    const b = this.builder(runId, key);
    if (b.n === b.steps.length) this.growBuilder(b);
    b.steps[b.n] = step;
    b.values[b.n] = value;
    b.timestamps[b.n] = timestampMillis;
    b.n++;
    this.added(1);
    return this.hasRoom();
  }

  /** Queues many points of one (run, key); timestamps default to now. */
  logBatch(runId: string, key: string, steps: number[], values: number[], timestampsMillis?: number[]): boolean {
    this.checkOpen();
    if (steps.length !== values.length || (timestampsMillis && timestampsMillis.length !== steps.length)) {
      throw new ConnectError(
        `logBatch got ${steps.length} steps, ${values.length} values and ${timestampsMillis?.length ?? 0} timestamps`,
        Code.InvalidArgument,
      );
    }
    const now = Date.now();
    let i = 0;
    while (i < steps.length) {
      const n = Math.min(steps.length - i, this.opts.maxMessagePoints - this.curPoints);
      const b = this.builder(runId, key);
      for (let j = i; j < i + n; j++) {
        if (!Number.isSafeInteger(steps[j])) {
          throw new ConnectError(`step ${steps[j]} is not an integer`, Code.InvalidArgument);
        }
        if (b.n === b.steps.length) this.growBuilder(b);
        b.steps[b.n] = steps[j]!;
        b.values[b.n] = values[j]!;
        b.timestamps[b.n] = timestampsMillis ? timestampsMillis[j]! : now;
        b.n++;
      }
      i += n;
      this.added(n);
    }
    return this.hasRoom();
  }

  /** Resolves once log() would return true again; rejects if the streamer fails. */
  async writable(): Promise<void> {
    while (!this.hasRoom()) {
      this.checkOpen();
      await this.changed();
    }
    this.checkOpen();
  }

  /**
   * Cuts the points logged so far into a message and waits until the server
   * has acknowledged all of them (offline: until they are in the spool).
   * Rejects on timeout or failure; the points stay queued (and spooled, with a
   * spool).
   */
  async flush(timeoutMs = 60_000): Promise<void> {
    this.cut();
    const target = this.nextOrd - 1;
    const deadline = Date.now() + timeoutMs;
    while (this.ackedOrd < target) {
      if (this.err) throw this.err;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ConnectError(
          `flush of stream ${this.streamId}: ${target - this.ackedOrd} messages unacknowledged after ${timeoutMs} ms`,
          Code.DeadlineExceeded,
        );
      }
      await this.changed(left);
    }
  }

  /**
   * Flushes, waits for every acknowledgement and ends the stream. On timeout
   * the stream is abandoned and the error says how many messages were not
   * acknowledged. Rejects with the streamer's failure, if any.
   *
   * With a spool, unacknowledged messages stay in it for a later streamer on
   * the same directory (or `cairn sync`); when everything was acknowledged the
   * spool directory is deleted. Offline, the spool is closed and kept.
   */
  async close(timeoutMs = 60_000): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.cut();
      this.signal();
    }
    let timedOut = false;
    const t = setTimeout(() => {
      timedOut = true;
      this.abort.abort();
    }, timeoutMs);
    try {
      await this.done;
    } finally {
      clearTimeout(t);
      clearInterval(this.timer);
      this.abort.abort();
      if (this.spool && !this.spoolClosed) {
        this.spoolClosed = true;
        const done = this.inflight.length === 0 && this.queue.length === 0 && this.curPoints === 0;
        this.spool.close({ removeIfDone: !this.offline && done });
      }
    }
    const unacked = this.nextOrd - 1 - this.ackedOrd;
    if (timedOut && unacked > 0) {
      throw new ConnectError(
        `close of stream ${this.streamId}: ${unacked} messages unacknowledged after ${timeoutMs} ms`,
        Code.DeadlineExceeded,
      );
    }
    if (this.err) throw this.err;
  }

  // --- buffering ---------------------------------------------------------

  private checkOpen(): void {
    if (this.err) throw this.err;
    if (this.closing) throw new StreamerClosedError();
  }

  private hasRoom(): boolean {
    return this.curPoints + this.queuedPoints < this.opts.maxBufferedPoints;
  }

  private builder(runId: string, key: string): Builder {
    const last = this.last;
    if (last !== undefined && last.runId === runId && last.key === key) return last;
    const k = `${runId}\u0000${key}`;
    let b = this.builders.get(k);
    if (!b) {
      const old = this.spare.pop();
      if (old) {
        b = { runId, key, n: 0, steps: old.steps, values: old.values, timestamps: old.timestamps };
      } else {
        const cap = Math.min(this.opts.maxMessagePoints, 1024);
        b = {
          runId,
          key,
          n: 0,
          steps: new Float64Array(cap),
          values: new Float64Array(cap),
          timestamps: new Float64Array(cap),
        };
      }
      this.builders.set(k, b);
    }
    this.last = b;
    return b;
  }

  private growBuilder(b: Builder): void {
    b.steps = grow(b.steps);
    b.values = grow(b.values);
    b.timestamps = grow(b.timestamps);
  }

  private added(n: number): void {
    if (this.curPoints === 0) this.curSince = Date.now();
    this.curPoints += n;
    if (this.curPoints >= this.opts.maxMessagePoints) this.cut();
  }

  private cut(): void {
    if (this.curPoints === 0) return;
    const batches: Uint8Array[] = [];
    for (const b of this.builders.values()) {
      batches.push(encodeBatch(b));
      if (this.spare.length < 8) this.spare.push(b); // reuse its arrays
    }
    const m: Message = { ord: this.nextOrd++, seq: 0n, points: this.curPoints, batches, req: undefined };
    this.builders = new Map();
    this.last = undefined;
    this.curPoints = 0;
    if (this.spool && !this.toSpool(m)) return;
    this.queue.push(m);
    this.queuedPoints += m.points;
    this.signal();
  }

  /**
   * Numbers a message and appends it to the spool. Returns whether it is to
   * be sent: not offline (where it is done once spooled), nor after a final
   * failure (as in Python, nothing more is spooled then; giving up after
   * retryTimeoutMs is not final for the spool, whose messages a later
   * streamer resends), nor when the spool cannot be written (which fails the
   * streamer).
   */
  private toSpool(m: Message): boolean {
    if (this.err && !isRetryable(this.err)) return false;
    const seq = this.nextSeq;
    const framed = frame(seq, m.batches);
    try {
      this.spool!.append(seq, unframe(framed));
    } catch (err) {
      this.fail(err);
      return false;
    }
    this.nextSeq++;
    m.seq = seq;
    m.framed = framed;
    m.batches = [];
    if (!this.offline) return true;
    this.ackedOrd = m.ord; // kept on disk only, for a later upload
    this.signal();
    return false;
  }

  private signal(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  /** Resolves on the next state change (or after timeoutMs, if given). */
  private changed(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (timeoutMs === undefined) {
        this.waiters.push(resolve);
        return;
      }
      const t = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private fail(err: unknown): void {
    if (!this.err) {
      const cause = err instanceof Error ? err : new Error(String(err));
      if (cause instanceof ConnectError) {
        this.err = new ConnectError(`stream ${this.streamId} failed: ${cause.rawMessage}`, cause.code, cause.metadata);
        this.err.cause = cause;
      } else {
        this.err = new Error(`cairn: stream ${this.streamId} failed: ${cause.message}`, { cause });
      }
    }
    this.signal();
  }

  // --- connection --------------------------------------------------------

  private async loop(): Promise<void> {
    if (this.offline) return;
    let attempt = 0;
    let failingSince = 0;
    for (;;) {
      if (!(await this.waitForWork())) return;
      try {
        await this.session();
        return;
      } catch (err) {
        if (this.abort.signal.aborted) {
          this.fail(err);
          return;
        }
        if (!isRetryable(err)) {
          this.fail(err);
          return;
        }
        const progressed = this.progress;
        this.progress = false;
        const idle = this.inflight.length === 0 && this.queue.length === 0;
        this.counters.reconnects++;
        if (progressed || idle) {
          attempt = 0;
          failingSince = 0;
        }
        if (failingSince === 0) {
          failingSince = Date.now();
        } else if (Date.now() - failingSince > this.opts.retryTimeoutMs) {
          this.fail(new ConnectError(
            `no progress for ${this.opts.retryTimeoutMs} ms: ${(err as Error).message}`,
            Code.Unavailable,
          ));
          return;
        }
        await sleep(this.backoff(attempt++), this.abort.signal);
      }
    }
  }

  private backoff(attempt: number): number {
    const d = Math.min(this.opts.maxBackoffMs, this.opts.initialBackoffMs * 2 ** Math.min(attempt, 20));
    return d / 2 + Math.random() * (d / 2); // equal jitter
  }

  private async waitForWork(): Promise<boolean> {
    for (;;) {
      if (this.err || this.abort.signal.aborted) return false;
      if (this.inflight.length > 0 || this.queue.length > 0) return true;
      if (this.closing && this.curPoints === 0) return false;
      await this.changed();
    }
  }

  private drained(): boolean {
    return this.closing && this.inflight.length === 0 && this.queue.length === 0 && this.curPoints === 0;
  }

  /** One StreamMetrics call; resolves after a clean close, rejects otherwise. */
  private async session(): Promise<void> {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    this.abort.signal.addEventListener("abort", onAbort, { once: true });
    let openedResolve!: () => void;
    const opened = new Promise<void>((r) => (openedResolve = r));
    const aborted = new Promise<void>((r) => ac.signal.addEventListener("abort", () => r(), { once: true }));
    const self = this;

    async function* requests(): AsyncGenerator<StreamMetricsRequest> {
      yield create(StreamMetricsRequestSchema, {
        message: { case: "open", value: { streamId: self.streamId } },
      });
      await Promise.race([opened, aborted]);
      for (;;) {
        if (ac.signal.aborted) return;
        while (self.queue.length > 0 && self.inflight.length < self.opts.maxInFlight) {
          const m = self.queue.shift()!;
          self.queuedPoints -= m.points;
          if (m.framed) {
            m.req = framedRequest(m.framed); // numbered and spooled when cut
          } else {
            m.seq = self.nextSeq++;
            m.req = dataRequest(m.seq, m.batches);
          }
          self.inflight.push(m);
          self.signal(); // room for log()
        }
        if (self.sent < self.inflight.length) {
          const m = self.inflight[self.sent++]!;
          self.counters.messagesSent++;
          yield m.req!;
          continue;
        }
        if (self.drained()) return; // half-close: the server ends the call
        await Promise.race([self.changed(), aborted]);
      }
    }

    try {
      let first = true;
      for await (const resp of this.tracking.streamMetrics(requests(), { signal: ac.signal })) {
        if (first) {
          first = false;
          if (resp.message.case !== "opened") {
            throw new PermanentError("server answered StreamOpen without `opened`");
          }
          this.onOpened(resp.message.value);
          openedResolve();
          continue;
        }
        if (resp.message.case !== "ack") throw new PermanentError("server sent a non-ack message mid-stream");
        this.onAck(resp.message.value);
      }
      if (!this.drained()) {
        throw new ConnectError("server ended the stream before it was closed", Code.Unavailable);
      }
    } finally {
      ac.abort();
      this.abort.signal.removeEventListener("abort", onAbort);
    }
  }

  private onOpened(opened: StreamOpened): void {
    const lc = opened.lastCommittedSeq;
    this.counters.epoch = opened.epoch;
    if (!this.started && this.spool) {
      this.started = true;
      if (lc > this.resumedLast) this.rebase(lc);
      this.dropAcked(lc); // what a resumed spool holds up to lc is committed already
    } else if (!this.started) {
      // A new streamer continues numbering after what the server already holds.
      this.started = true;
      this.nextSeq = lc + 1n;
      this.ackedSeq = lc;
    } else {
      if (lc >= this.nextSeq) {
        throw new PermanentError(
          `server committed seq ${lc} of stream ${this.streamId} but this streamer only sent up to ` +
            `${this.nextSeq - 1n}; is another writer using this stream id?`,
        );
      }
      this.dropAcked(lc);
    }
    this.counters.lastCommittedSeq = this.ackedSeq;
    this.sent = 0;
    this.signal();
  }

  private onAck(ack: StreamAck): void {
    this.counters.pointsWritten += Number(ack.pointsWritten);
    if (ack.duplicate) this.counters.duplicateAcks++;
    if (ack.ackedSeq > this.ackedSeq) {
      const top = this.nextSeq - 1n;
      this.dropAcked(ack.ackedSeq < top ? ack.ackedSeq : top);
      this.progress = true;
    }
    this.counters.lastCommittedSeq = this.ackedSeq;
    this.signal();
  }

  private dropAcked(seq: bigint): void {
    let n = 0;
    while (n < this.inflight.length && this.inflight[n]!.seq <= seq) {
      const m = this.inflight[n]!;
      this.ackedOrd = m.ord;
      this.counters.messagesAcked++;
      this.counters.pointsAcked += m.points;
      n++;
    }
    this.inflight.splice(0, n);
    this.sent = Math.max(0, this.sent - n);
    if (this.inflight.length === 0) {
      // Spooled messages are numbered before they are sent: the server may
      // report some of them committed (by an earlier process) on open.
      let q = 0;
      while (q < this.queue.length && this.queue[q]!.framed && this.queue[q]!.seq <= seq) {
        const m = this.queue[q]!;
        this.ackedOrd = m.ord;
        this.counters.messagesAcked++;
        this.counters.pointsAcked += m.points;
        this.queuedPoints -= m.points;
        q++;
      }
      this.queue.splice(0, q);
    }
    if (seq > this.ackedSeq) {
      this.ackedSeq = seq;
      this.spool?.markAcked(seq);
    }
  }

  /**
   * The server holds more of this stream than the spool did when opened
   * (resumedLast): a new writer reusing a stream id, or a spool whose tail a
   * machine crash lost (without fsync) after the server had committed it. The
   * messages numbered since move up to follow what is committed (rewriting the
   * spool), instead of being taken for resends and dropped; the resumed ones
   * are committed already. Runs before anything is sent, so every message is
   * still in the queue.
   */
  private rebase(committed: bigint): void {
    const shift = committed - this.resumedLast;
    for (const m of this.queue) {
      if (!m.framed || m.seq <= this.resumedLast) continue;
      m.seq += shift;
      m.framed = reframe(unframe(m.framed), m.seq);
    }
    this.nextSeq += shift;
    this.spool!.rebase(
      committed,
      this.queue.filter((m) => m.framed && m.seq > committed).map((m) => ({ seq: m.seq, body: unframe(m.framed!) })),
    );
  }
}
