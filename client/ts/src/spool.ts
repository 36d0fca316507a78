/**
 * The metric streamer's local log, the same format as the Python SDK's
 * `cairn.spool.Spool` (byte for byte: a spool written by one language's
 * streamer is resent by another's, or by `cairn sync DIR`). Every sequenced
 * message is appended here before it is sent, and the highest acknowledged seq
 * is recorded as acks arrive. A process killed mid-run, or one that never
 * reached the server, leaves a spool that a new streamer resends; the server's
 * per-stream dedup makes that exactly-once.
 *
 * Layout of a spool directory:
 * - `meta.json`: `{"stream_id": "...", "address": "host:port"}`;
 * - `acked`: the highest acknowledged seq, in decimal (absent: 0);
 * - segments `NNNNNNNNNNNN.log` (the first seq they hold, 12 digits), each a
 *   run of records `[seq u64 LE][length u32 LE][crc32 u32 LE][body]`, where
 *   body is a serialized `cairn.v1.StreamData` and crc32 is zlib's CRC-32 of
 *   the body. A segment is closed once it reaches 64 MiB.
 *
 * All operations are synchronous, as in Python.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** Bytes of a record's header: seq u64, length u32, crc32 u32 (little-endian). */
export const SPOOL_HEADER_BYTES = 16;
/** A segment is closed and the next one started once it holds this many bytes. */
export const SPOOL_SEGMENT_BYTES = 64 * 1024 * 1024;

/** One message of a spool: its seq and its serialized StreamData. */
export interface SpoolRecord {
  seq: bigint;
  body: Uint8Array;
}

/** Options of a Spool. */
export interface SpoolOptions {
  /** fsync every appended record (default false: the OS flushes in its own time). */
  fsync?: boolean;
  /**
   * Size at which a segment is closed (default SPOOL_SEGMENT_BYTES).
   * @internal For tests.
   */
  segmentBytes?: number;
}

let table: Uint32Array | undefined;

/** zlib's CRC-32 in plain JavaScript, for Node releases without zlib.crc32. */
export function crc32Table(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// zlib.crc32 exists from Node 20.15 / 22.2; package.json allows any Node 20.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** zlib's CRC-32 of data (what Python's zlib.crc32 computes), unsigned. */
export function crc32(data: Uint8Array): number {
  return typeof nativeCrc32 === "function" ? nativeCrc32(data) >>> 0 : crc32Table(data);
}

/**
 * Where a streamer keeps its spool when offline without a spool directory:
 * `$XDG_DATA_HOME/cairn/spool/<streamId>` (default `~/.local/share/...`), as
 * in the Python SDK. Without a stream id, a random directory name.
 */
export function defaultSpoolDir(streamId?: string): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(base, "cairn", "spool", streamId || randomBytes(16).toString("hex"));
}

/** A JSON string as Python's json.dumps writes it (ensure_ascii: \uXXXX beyond ASCII). */
function pyJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === "ENOENT";
}

function unlinkIfExists(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/** The seq a segment's name starts with, or undefined for another name. */
function segmentStart(name: string): bigint | undefined {
  const m = /^(\d+)\.log$/.exec(name);
  return m ? BigInt(m[1]!) : undefined;
}

function segmentName(seq: bigint): string {
  return `${seq.toString().padStart(12, "0")}.log`;
}

/**
 * A spool directory (see the module documentation for the format). Opening an
 * existing spool keeps its stream id and address (from meta.json); a new one
 * records the given ones.
 */
export class Spool {
  readonly dir: string;
  /** The stream id of meta.json (the given one for a new spool). */
  readonly streamId: string;
  /** The server address of meta.json (the given one for a new spool). */
  readonly address: string;
  /** Whether the spool already held messages or acks when opened: a streamer resumes it. */
  readonly existed: boolean;
  readonly fsync: boolean;
  private readonly segmentBytes: number;
  private fd: number | undefined;
  private openName = "";
  private fileBytes = 0;
  private ackedWritten: bigint;

  constructor(directory: string, streamId: string, address: string, options: SpoolOptions = {}) {
    this.dir = directory;
    fs.mkdirSync(directory, { recursive: true });
    const meta = path.join(directory, "meta.json");
    if (fs.existsSync(meta)) {
      const data = JSON.parse(fs.readFileSync(meta, "utf8")) as Record<string, unknown>;
      if (data.stream_id === undefined || data.stream_id === null) {
        throw new Error(`cairn: ${meta} has no stream_id`);
      }
      this.streamId = String(data.stream_id);
      this.address = "address" in data ? String(data.address) : address;
    } else {
      this.streamId = streamId;
      this.address = address;
      const tmp = path.join(directory, "meta.tmp");
      fs.writeFileSync(tmp, `{"stream_id": ${pyJsonString(streamId)}, "address": ${pyJsonString(address)}}`);
      fs.renameSync(tmp, meta);
    }
    this.existed = this.segments().length > 0 || this.ackedSeq() > 0n;
    this.fsync = options.fsync ?? false;
    this.segmentBytes = options.segmentBytes ?? SPOOL_SEGMENT_BYTES;
    this.ackedWritten = this.ackedSeq();
  }

  /** Whether directory holds a spool (its meta.json). */
  static exists(directory: string): boolean {
    return fs.existsSync(path.join(directory, "meta.json"));
  }

  /** The highest acknowledged seq recorded (0 without an `acked` file). */
  ackedSeq(): bigint {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, "acked"), "utf8").trim();
    } catch (err) {
      if (isMissing(err)) return 0n;
      throw err;
    }
    if (text === "") return 0n;
    if (!/^\d+$/.test(text)) throw new Error(`cairn: ${path.join(this.dir, "acked")} holds '${text}', not a seq`);
    return BigInt(text);
  }

  /** Segment file names, in order. */
  private segments(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    return names.filter((n) => n.endsWith(".log")).sort();
  }

  /**
   * The messages after the acked seq, in order. A torn record (the process died
   * mid-write: a short header or body, or a CRC mismatch) is cut off, with
   * whatever follows it in its segment.
   */
  pending(): SpoolRecord[] {
    const acked = this.ackedSeq();
    const out: SpoolRecord[] = [];
    for (const name of this.segments()) {
      const file = path.join(this.dir, name);
      const data = fs.readFileSync(file);
      let pos = 0;
      while (pos < data.length) {
        const start = pos + SPOOL_HEADER_BYTES;
        const torn = start > data.length;
        const length = torn ? 0 : data.readUInt32LE(pos + 8);
        if (torn || start + length > data.length || crc32(data.subarray(start, start + length)) !== data.readUInt32LE(pos + 12)) {
          fs.truncateSync(file, pos);
          if (this.fd !== undefined && name === this.openName) this.fileBytes = pos;
          break;
        }
        const seq = data.readBigUInt64LE(pos);
        if (seq > acked) out.push({ seq, body: new Uint8Array(data.subarray(start, start + length)) });
        pos = start + length;
      }
    }
    return out;
  }

  /** The seq of the last message spooled (the acked seq when none is pending). */
  lastSeq(): bigint {
    const p = this.pending();
    return p.length > 0 ? p[p.length - 1]!.seq : this.ackedSeq();
  }

  /** Appends one message; the first append of an open Spool starts a new segment. */
  append(seq: bigint, body: Uint8Array): void {
    if (this.fd === undefined || this.fileBytes >= this.segmentBytes) this.roll(seq);
    const record = Buffer.allocUnsafe(SPOOL_HEADER_BYTES + body.length);
    record.writeBigUInt64LE(seq, 0);
    record.writeUInt32LE(body.length, 8);
    record.writeUInt32LE(crc32(body), 12);
    record.set(body, SPOOL_HEADER_BYTES);
    let written = 0;
    while (written < record.length) written += fs.writeSync(this.fd!, record, written);
    this.fileBytes += record.length;
    if (this.fsync) fs.fsyncSync(this.fd!);
  }

  private roll(seq: bigint): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.openName = segmentName(seq);
    this.fd = fs.openSync(
      path.join(this.dir, this.openName),
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND,
      0o600,
    );
    this.fileBytes = fs.fstatSync(this.fd).size;
  }

  /**
   * Records seq as acknowledged (atomically: `acked.tmp`, then a rename) and
   * deletes the segments it covers entirely, never the one open for appends.
   */
  markAcked(seq: bigint): void {
    if (seq <= this.ackedWritten) return;
    const tmp = path.join(this.dir, "acked.tmp");
    fs.writeFileSync(tmp, seq.toString());
    fs.renameSync(tmp, path.join(this.dir, "acked"));
    this.ackedWritten = seq;
    // A segment whose successor starts at or below seq + 1 is fully acked.
    const segments = this.segments();
    const open = segments[segments.length - 1] ?? "";
    for (let i = 0; i + 1 < segments.length; i++) {
      const current = segments[i]!;
      const next = segmentStart(segments[i + 1]!);
      if (next !== undefined && next <= seq + 1n && (this.fd === undefined || current !== open)) {
        unlinkIfExists(path.join(this.dir, current));
      }
    }
  }

  /** Rewrites the log after the server assigned this stream a later start. */
  rebase(acked: bigint, messages: SpoolRecord[]): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    for (const name of this.segments()) fs.unlinkSync(path.join(this.dir, name));
    this.ackedWritten = -1n;
    this.markAcked(acked);
    for (const { seq, body } of messages) this.append(seq, body);
  }

  /**
   * Closes the open segment. With removeIfDone, deletes the spool directory
   * when every message in it is acknowledged.
   */
  close(options: { removeIfDone?: boolean } = {}): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    if (options.removeIfDone && fs.existsSync(this.dir) && this.lastSeq() <= this.ackedSeq()) {
      for (const name of fs.readdirSync(this.dir)) unlinkIfExists(path.join(this.dir, name));
      fs.rmdirSync(this.dir);
    }
  }
}
