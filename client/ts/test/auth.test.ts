import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { after, beforeEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  Client,
  Code,
  ConnectError,
  codeOf,
  isPermissionDenied,
  isRetryable,
  isUnauthenticated,
  tlsFromEnv,
  type ClientOptions,
} from "../src/index.js";
import { FakeTracking, startFake, type FakeTls } from "./fake.js";

// Test-only certificates shared with the Java tests (client/testdata/tls).
const CERTS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../testdata/tls");
const cert = (name: string) => resolve(CERTS, name);

const ENV = ["CAIRN_TOKEN", "CAIRN_TLS", "CAIRN_TLS_CA", "CAIRN_TLS_CLIENT_CERT", "CAIRN_TLS_CLIENT_KEY", "CAIRN_TLS_SERVER_NAME"];
const saved = new Map(ENV.map((k) => [k, process.env[k]]));
beforeEach(() => {
  for (const k of ENV) delete process.env[k];
});

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
});

/** A fake that refuses calls whose token is not `want`, with `code`. */
async function gated(want: string, code = Code.Unauthenticated, tls?: FakeTls) {
  const fake = new FakeTracking();
  fake.gate = (h) => {
    if (h.get("authorization") !== `Bearer ${want}`) throw new ConnectError(`token ${h.get("authorization")} refused`, code);
  };
  const server = await startFake(fake, 0, tls);
  cleanups.push(() => server.stop());
  return { fake, server };
}

function connect(options: ClientOptions): Client {
  const client = new Client(options);
  cleanups.push(() => client.close());
  return client;
}

test("the token defaults to CAIRN_TOKEN; an explicit empty token sends none", async () => {
  const { server } = await gated("from-env");
  process.env.CAIRN_TOKEN = "from-env";
  await connect({ address: server.address }).getOrCreateExperiment("env");
  const err = await connect({ address: server.address, token: "" })
    .getOrCreateExperiment("env")
    .then(() => undefined, (e: unknown) => e);
  assert.ok(isUnauthenticated(err), `without a token: ${String(err)}`);
  assert.ok(!isPermissionDenied(err));
});

for (const code of [Code.Unauthenticated, Code.PermissionDenied]) {
  test(`the streamer fails at once on ${Code[code]}`, async () => {
    const { fake, server } = await gated("good", code);
    const client = connect({ address: server.address, token: "bad" });
    const s = client.newStreamer({ initialBackoffMs: 1, retryTimeoutMs: 60_000 });
    const start = Date.now();
    s.log("r1", "loss", 0, 0);
    await assert.rejects(s.flush(10_000), (e: unknown) => codeOf(e) === code);
    assert.equal(s.stats().reconnects, 0);
    assert.ok(Date.now() - start < 5000);
    assert.throws(() => s.log("r1", "loss", 1, 0), (e: unknown) => codeOf(e) === code);
    await assert.rejects(s.close(), (e: unknown) =>
      code === Code.Unauthenticated ? isUnauthenticated(e) : isPermissionDenied(e),
    );
    assert.equal(fake.total(), 0);
    assert.equal(isRetryable(new ConnectError("x", code)), false);
  });
}

test("reconnects carry the token", async () => {
  const { fake, server } = await gated("tok");
  const failed = new Set<bigint>();
  fake.onData = (_id, seq) => {
    if (seq % 3n === 0n && !failed.has(seq)) {
      failed.add(seq);
      return "failBeforeCommit";
    }
    return "commit";
  };
  const client = connect({ address: server.address, token: "tok" });
  const s = client.newStreamer({ maxMessagePoints: 100, initialBackoffMs: 1, maxBackoffMs: 5 });
  for (let i = 0; i < 1000; i++) if (!s.log("r1", "loss", i, i * 0.5)) await s.writable();
  await s.close();
  assert.equal(fake.values.get("r1/loss")?.length, 1000);
  assert.ok(s.stats().reconnects > 0);
  assert.ok(fake.headers.length > 1);
  for (const h of fake.headers) assert.equal(h.get("authorization"), "Bearer tok");
});

const mutualTls: FakeTls = {
  key: readFileSync(cert("server.key")),
  cert: readFileSync(cert("server.pem")),
  ca: readFileSync(cert("ca.pem")),
  requestCert: true,
  rejectUnauthorized: true,
};

test("mutual TLS from files and from the environment", async () => {
  const { fake, server } = await gated("tok", Code.Unauthenticated, mutualTls);
  const files = { caFile: cert("ca.pem"), certFile: cert("client.pem"), keyFile: cert("client.key") };
  const client = connect({ address: server.address, token: "tok", tls: files });
  await client.getOrCreateExperiment("mtls");
  const s = client.newStreamer();
  s.log("r1", "loss", 0, 0);
  await s.close();
  assert.equal(fake.values.get("r1/loss")?.length, 1);

  process.env.CAIRN_TOKEN = "tok";
  process.env.CAIRN_TLS_CA = files.caFile;
  process.env.CAIRN_TLS_CLIENT_CERT = files.certFile;
  process.env.CAIRN_TLS_CLIENT_KEY = files.keyFile;
  process.env.CAIRN_TLS_SERVER_NAME = "localhost";
  assert.deepEqual(tlsFromEnv(), { ...files, serverName: "localhost" });
  await connect({ address: server.address }).getOrCreateExperiment("mtls");

  // Without a client certificate, or with the wrong CA, the handshake fails
  // (with TLS 1.3 the server's "certificate required" alert comes after it).
  const noCert = connect({ address: server.address, token: "tok", tls: { caFile: files.caFile } });
  await assert.rejects(noCert.getOrCreateExperiment("mtls"), /certificate required/);
  const wrongCa = connect({ address: server.address, token: "tok", tls: { ...files, caFile: cert("client.pem") } });
  await assert.rejects(wrongCa.getOrCreateExperiment("mtls"), /certificate/);
  // tls: false forces plaintext despite CAIRN_TLS*.
  const plain = connect({ address: server.address, tls: false });
  await assert.rejects(plain.getOrCreateExperiment("mtls"));
});

test("bad TLS settings fail at construction", () => {
  assert.throws(() => new Client({ tls: { caFile: "/no/such/ca.pem" } }), /TLS CA/);
  assert.throws(() => new Client({ tls: { certFile: cert("client.pem") } }), /both cert and key/);
  process.env.CAIRN_TLS = "yes";
  assert.deepEqual(tlsFromEnv(), {});
  delete process.env.CAIRN_TLS;
  assert.equal(tlsFromEnv(), undefined);
  // The server's own certificate variables do not make a client certificate.
  assert.equal(tlsFromEnv({ CAIRN_TLS_CERT: "server.pem", CAIRN_TLS_KEY: "server.key" }), undefined);
  assert.deepEqual(tlsFromEnv({ CAIRN_TLS_CLIENT_CERT: "c.pem", CAIRN_TLS_CLIENT_KEY: "c.key" }), {
    certFile: "c.pem",
    keyFile: "c.key",
  });
});
