// An in-process ArtifactService following the upload/download contract of
// protos/cairn/v1/artifact_service.proto (resumable and one-call uploads
// checked against the committed offset and the claimed SHA-256; downloads from
// an offset, artifact message first; recursive listings in pages; presigned
// URLs of an object store when `presign` is set, else UNIMPLEMENTED as a
// local-folder server), with hooks to inject failures and delays, and counters
// of concurrent transfers.
import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { ArtifactSchema, UploadSchema, UploadState, type Artifact, type Upload } from "../src/gen/cairn/v1/artifact_pb.js";
import {
  ArtifactService,
  DownloadArtifactResponseSchema,
  PresignedMethod,
  type CreatePresignedUrlRequest,
  type DownloadArtifactResponse,
  type StartUploadRequest,
  type UploadArtifactRequest,
} from "../src/gen/cairn/v1/artifact_service_pb.js";

const MAX_CHUNK = 4 * 1024 * 1024;

interface FakeUpload {
  upload: Upload;
  chunks: Buffer[];
}

export class FakeArtifacts {
  uploads = new Map<string, FakeUpload>();
  /** Stored artifacts by "runId/path": record and content. */
  files = new Map<string, { artifact: Artifact; content: Buffer }>();
  /** Offsets of every UploadArtifact header, in order. */
  uploadOffsets: bigint[] = [];
  /** Sizes of every data message received. */
  chunkSizes: number[] = [];
  /** Offsets of every DownloadArtifact request, in order. */
  downloadOffsets: bigint[] = [];
  startUploads = 0;
  /** UploadArtifact calls whose header starts the upload (one-call uploads). */
  oneCallUploads = 0;
  getUploads = 0;
  listCalls = 0;
  /** Most results of one ListArtifacts page. */
  listPageSize = 1000;
  /** Called after each data message is committed; throw to fail the stream. */
  afterChunk: ((committed: bigint) => void) | undefined;
  /**
   * Called before each UploadArtifact / GetUpload / DownloadArtifact (with the
   * artifact path for UploadArtifact and DownloadArtifact); throw to refuse it.
   */
  gate: ((method: string, path?: string) => void) | undefined;
  /** Milliseconds an UploadArtifact or DownloadArtifact of a path takes at least. */
  delayMs: ((path: string) => number) | undefined;
  /** UploadArtifact and DownloadArtifact calls running now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** "start <path>" and "end <path>" of every UploadArtifact and DownloadArtifact, in order. */
  events: string[] = [];
  /** Size of the data messages a download sends. */
  downloadChunk = 64 * 1024;
  /** Called after each download data message is sent, with the bytes sent by this stream; throw to drop it. */
  afterDownloadChunk: ((sent: number) => void) | undefined;
  /**
   * The URL CreatePresignedUrl answers for an artifact (`n` counts the calls,
   * from 1, so that each URL differs); unset, it answers UNIMPLEMENTED as a
   * server on a local folder does.
   */
  presign: ((runId: string, path: string, n: number) => string) | undefined;
  /** Answer GET URLs without the artifact record (as an older server would). */
  presignWithoutArtifact = false;
  /** Every CreatePresignedUrl request, in order. */
  presignRequests: CreatePresignedUrlRequest[] = [];

  routes = (router: ConnectRouter) => {
    const self = this;
    const begin = (req: StartUploadRequest): FakeUpload => {
      if (req.path.split("/").some((p) => p === ".." || p === "") || req.path.startsWith("/")) {
        throw new ConnectError(`invalid path '${req.path}'`, Code.InvalidArgument);
      }
      if (req.runId !== "run1") throw new ConnectError(`run '${req.runId}' not found`, Code.NotFound);
      const id = `up${self.uploads.size + 1}`;
      const upload = create(UploadSchema, {
        uploadId: id,
        runId: req.runId,
        path: req.path,
        sizeBytes: req.sizeBytes,
        sha256: req.sha256,
        state: UploadState.IN_PROGRESS,
      });
      const u = { upload, chunks: [] };
      self.uploads.set(id, u);
      return u;
    };
    /** Counts a transfer of `path` in inFlight and events until the returned `leave`, after delayMs. */
    const enter = async (path: string) => {
      self.inFlight++;
      self.maxInFlight = Math.max(self.maxInFlight, self.inFlight);
      self.events.push(`start ${path}`);
      await new Promise((r) => setTimeout(r, self.delayMs?.(path) ?? 0));
      return () => {
        self.inFlight--;
        self.events.push(`end ${path}`);
      };
    };
    /** Commits the data messages after an UploadArtifact header at `offset`. */
    const receive = async (u: FakeUpload, offset: bigint, it: AsyncIterator<UploadArtifactRequest>) => {
      const up = u.upload;
      const key = `${up.runId}/${up.path}`;
      if (up.state === UploadState.COMPLETED && offset === up.sizeBytes) {
        return { upload: up, artifact: self.files.get(key)!.artifact };
      }
      if (up.state !== UploadState.IN_PROGRESS) throw new ConnectError("upload closed", Code.FailedPrecondition);
      if (offset !== up.committedBytes) {
        throw new ConnectError(`offset ${offset} != committed ${up.committedBytes}`, Code.FailedPrecondition);
      }
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        if (next.value.message.case !== "data") throw new ConnectError("only data after the header", Code.InvalidArgument);
        const data = next.value.message.value;
        self.chunkSizes.push(data.byteLength);
        if (data.byteLength > MAX_CHUNK) throw new ConnectError("chunk over 4 MiB", Code.InvalidArgument);
        if (up.committedBytes + BigInt(data.byteLength) > up.sizeBytes) {
          throw new ConnectError("more bytes than declared", Code.InvalidArgument);
        }
        u.chunks.push(Buffer.from(data));
        up.committedBytes += BigInt(data.byteLength);
        self.afterChunk?.(up.committedBytes);
      }
      if (up.committedBytes === up.sizeBytes) {
        const content = Buffer.concat(u.chunks);
        const digest = createHash("sha256").update(content).digest("hex");
        if (up.sha256 && digest !== up.sha256) {
          up.state = UploadState.ABORTED;
          throw new ConnectError(`digest mismatch: claimed ${up.sha256}, got ${digest}`, Code.DataLoss);
        }
        up.state = UploadState.COMPLETED;
        const artifact = create(ArtifactSchema, { runId: up.runId, path: up.path, sizeBytes: up.sizeBytes, sha256: digest });
        self.files.set(key, { artifact, content });
        return { upload: up, artifact };
      }
      return { upload: up };
    };
    router.service(ArtifactService, {
      async startUpload(req) {
        self.startUploads++;
        return { upload: begin(req).upload };
      },
      async getUpload(req) {
        self.getUploads++;
        self.gate?.("GetUpload");
        const u = self.uploads.get(req.uploadId);
        if (!u) throw new ConnectError(`upload '${req.uploadId}' not found`, Code.NotFound);
        return { upload: u.upload };
      },
      async uploadArtifact(requests: AsyncIterable<UploadArtifactRequest>) {
        const it = requests[Symbol.asyncIterator]();
        const first = await it.next();
        if (first.done || first.value.message.case !== "header") {
          throw new ConnectError("the first message must be a header", Code.InvalidArgument);
        }
        const header = first.value.message.value;
        self.uploadOffsets.push(header.offset);
        let u: FakeUpload | undefined;
        if (header.target.case === "start") {
          self.oneCallUploads++;
          self.gate?.("UploadArtifact", header.target.value.path);
          u = begin(header.target.value);
        } else if (header.target.case === "uploadId") {
          u = self.uploads.get(header.target.value);
          self.gate?.("UploadArtifact", u?.upload.path);
          if (!u) throw new ConnectError("upload not found", Code.NotFound);
        } else {
          throw new ConnectError("the header names no upload", Code.InvalidArgument);
        }
        const leave = await enter(u.upload.path);
        try {
          return await receive(u, header.offset, it);
        } finally {
          leave();
        }
      },
      async *downloadArtifact(req): AsyncGenerator<DownloadArtifactResponse> {
        self.downloadOffsets.push(req.offset);
        self.gate?.("DownloadArtifact", req.path);
        const f = self.files.get(`${req.runId}/${req.path}`);
        if (!f) throw new ConnectError(`artifact '${req.path}' not found`, Code.NotFound);
        if (req.offset > BigInt(f.content.length)) throw new ConnectError("offset past the end", Code.OutOfRange);
        const leave = await enter(req.path);
        try {
          yield create(DownloadArtifactResponseSchema, { message: { case: "artifact", value: f.artifact } });
          let sent = 0;
          for (let pos = Number(req.offset); pos < f.content.length; pos += self.downloadChunk) {
            const chunk = f.content.subarray(pos, Math.min(pos + self.downloadChunk, f.content.length));
            yield create(DownloadArtifactResponseSchema, { message: { case: "data", value: chunk } });
            sent += chunk.length;
            self.afterDownloadChunk?.(sent);
          }
        } finally {
          leave();
        }
      },
      async createPresignedUrl(req) {
        self.presignRequests.push(req);
        if (!self.presign) throw new ConnectError("presigned URLs need an S3 backend", Code.Unimplemented);
        if (req.method !== PresignedMethod.GET && req.method !== PresignedMethod.PUT) {
          throw new ConnectError("method must be GET or PUT", Code.InvalidArgument);
        }
        const seconds = req.expiresSeconds || 900;
        if (seconds < 1 || seconds > 3600) throw new ConnectError("expires_seconds must be 1..3600", Code.InvalidArgument);
        const expireTimeMillis = BigInt(Date.now() + seconds * 1000);
        const url = self.presign(req.runId, req.path, self.presignRequests.length);
        if (req.method === PresignedMethod.PUT) return { url, expireTimeMillis };
        const f = self.files.get(`${req.runId}/${req.path}`);
        if (!f) throw new ConnectError(`artifact '${req.path}' not found`, Code.NotFound);
        return { url, expireTimeMillis, ...(self.presignWithoutArtifact ? {} : { artifact: f.artifact }) };
      },
      async listArtifacts(req) {
        self.listCalls++;
        if (!req.recursive) throw new ConnectError("the fake lists recursively only", Code.Unimplemented);
        if (req.runId !== "run1") throw new ConnectError(`run '${req.runId}' not found`, Code.NotFound);
        const prefix = req.path ? `run1/${req.path}/` : "run1/";
        const keys = [...self.files.keys()]
          .filter((k) => k.startsWith(prefix))
          .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const from = req.pageToken ? Number(req.pageToken) : 0;
        const to = from + Math.min(req.pageSize || 100, self.listPageSize);
        return {
          artifacts: keys.slice(from, to).map((k) => self.files.get(k)!.artifact),
          nextPageToken: to < keys.length ? String(to) : "",
        };
      },
    });
  };

  /** Stores an artifact directly (for download tests). */
  put(runId: string, path: string, content: Buffer, record: Partial<{ sizeBytes: bigint; sha256: string }> = {}): void {
    const artifact = create(ArtifactSchema, {
      runId,
      path,
      sizeBytes: record.sizeBytes ?? BigInt(content.length),
      sha256: record.sha256 ?? createHash("sha256").update(content).digest("hex"),
    });
    this.files.set(`${runId}/${path}`, { artifact, content });
  }
}

/** A buffer of n bytes where byte i is i % 251 (as the interop scenario's files). */
export function pattern(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}
