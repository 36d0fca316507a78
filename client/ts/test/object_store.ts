// A loopback HTTP object store serving the contents of a FakeArtifacts at
// presigned-style URLs (http://127.0.0.1:port/<run>/<path>?v=<n>), with
// "Range: bytes=N-" support and hooks to inject failures: HTTP statuses,
// connections dropped mid-body, ranges ignored, URLs that expire once used.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeArtifacts } from "./fake_artifacts.js";

export interface StoreRequest {
  url: string;
  range: string | undefined;
}

export class ObjectStore {
  /** Every request, in order. */
  requests: StoreRequest[] = [];
  /** The status to answer a request with instead of serving it (undefined: serve). */
  status: ((req: StoreRequest, n: number) => number | undefined) | undefined;
  /** Drop the connection after this many body bytes of a response (once). */
  dropAfter: number | undefined;
  /** Answer range requests with the whole object (200), as a store without range support. */
  ignoreRange = false;
  /** A URL answers 403 once it has served a response (it expired). */
  expireAfterUse = false;
  private readonly used = new Set<string>();
  private server: http.Server | undefined;
  base = "";

  constructor(private readonly fake: FakeArtifacts) {}

  /** The URL of an artifact; `n` makes each one distinct. */
  url(runId: string, path: string, n: number): string {
    return `${this.base}/${runId}/${path}?v=${n}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const r: StoreRequest = { url: req.url ?? "", range: req.headers.range };
    this.requests.push(r);
    const injected = this.status?.(r, this.requests.length);
    if (injected !== undefined) return void res.writeHead(injected).end(`injected ${injected}`);
    if (this.expireAfterUse && this.used.has(r.url)) return void res.writeHead(403).end("expired");
    const key = decodeURIComponent(new URL(r.url, this.base).pathname.slice(1));
    const f = this.fake.files.get(key);
    if (!f) return void res.writeHead(404).end("NoSuchKey");
    this.used.add(r.url);
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(r.range ?? "");
    if (m && !this.ignoreRange) {
      start = Number(m[1]);
      if (start >= f.content.length) return void res.writeHead(416).end();
      res.writeHead(206, {
        "content-length": f.content.length - start,
        "content-range": `bytes ${start}-${f.content.length - 1}/${f.content.length}`,
      });
    } else {
      res.writeHead(200, { "content-length": f.content.length });
    }
    const body = f.content.subarray(start);
    if (this.dropAfter !== undefined && this.dropAfter < body.length) {
      const n = this.dropAfter;
      this.dropAfter = undefined;
      // A FIN after exactly n bytes (not a reset, which could discard some).
      res.write(body.subarray(0, n), () => res.socket?.end());
      return;
    }
    res.end(body);
  }
}
