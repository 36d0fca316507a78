// An in-process ArtifactService following the upload/download contract of
// protos/cairn/v1/artifact_service.proto (resumable uploads checked against
// the committed offset and the claimed SHA-256; downloads from an offset,
// artifact message first), with hooks to inject failures.
import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { ArtifactSchema, UploadSchema, UploadState, type Artifact, type Upload } from "../src/gen/cairn/v1/artifact_pb.js";
import {
  ArtifactService,
  DownloadArtifactResponseSchema,
  type DownloadArtifactResponse,
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
  getUploads = 0;
  /** Called after each data message is committed; throw to fail the stream. */
  afterChunk: ((committed: bigint) => void) | undefined;
  /** Called before each UploadArtifact / GetUpload; throw to refuse it. */
  gate: ((method: string) => void) | undefined;
  /** Size of the data messages a download sends. */
  downloadChunk = 64 * 1024;
  /** Called after each download data message is sent, with the bytes sent by this stream; throw to drop it. */
  afterDownloadChunk: ((sent: number) => void) | undefined;

  routes = (router: ConnectRouter) => {
    const self = this;
    router.service(ArtifactService, {
      async startUpload(req) {
        self.startUploads++;
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
        self.uploads.set(id, { upload, chunks: [] });
        return { upload };
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
        self.gate?.("UploadArtifact");
        if (header.target.case !== "uploadId") throw new ConnectError("want an upload_id", Code.InvalidArgument);
        const u = self.uploads.get(header.target.value);
        if (!u) throw new ConnectError("upload not found", Code.NotFound);
        const up = u.upload;
        const key = `${up.runId}/${up.path}`;
        if (up.state === UploadState.COMPLETED && header.offset === up.sizeBytes) {
          return { upload: up, artifact: self.files.get(key)!.artifact };
        }
        if (up.state !== UploadState.IN_PROGRESS) throw new ConnectError("upload closed", Code.FailedPrecondition);
        if (header.offset !== up.committedBytes) {
          throw new ConnectError(`offset ${header.offset} != committed ${up.committedBytes}`, Code.FailedPrecondition);
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
      },
      async *downloadArtifact(req): AsyncGenerator<DownloadArtifactResponse> {
        self.downloadOffsets.push(req.offset);
        const f = self.files.get(`${req.runId}/${req.path}`);
        if (!f) throw new ConnectError(`artifact '${req.path}' not found`, Code.NotFound);
        if (req.offset > BigInt(f.content.length)) throw new ConnectError("offset past the end", Code.OutOfRange);
        yield create(DownloadArtifactResponseSchema, { message: { case: "artifact", value: f.artifact } });
        let sent = 0;
        for (let pos = Number(req.offset); pos < f.content.length; pos += self.downloadChunk) {
          const chunk = f.content.subarray(pos, Math.min(pos + self.downloadChunk, f.content.length));
          yield create(DownloadArtifactResponseSchema, { message: { case: "data", value: chunk } });
          sent += chunk.length;
          self.afterDownloadChunk?.(sent);
        }
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
