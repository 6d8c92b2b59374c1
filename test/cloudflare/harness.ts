import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect } from "vitest";
import { rawText } from "../../tools/raw-text.mjs";

export const TOKEN = "test-token-7c1d0a2b";
/** The dashboard's secret (ADMIN_TOKEN): a token of its own, at least 16 characters. */
export const ADMIN_TOKEN = "admin-token-5e8f31c9d2";
export const COMPATIBILITY_DATE = "2026-04-01";
/** As wrangler.toml sets them. */
export const COMPATIBILITY_FLAGS = ["enable_request_signal"];

/** The test Worker with the hosts and lease objects the workerd tests drive (fixture-worker.ts). */
export const FIXTURE = "test/cloudflare/fixture-worker.ts";
/** 2030-01-01T00:00:00Z, far from real time: a host ticked at such instants never has its alarm fire during a test. */
export const T0 = Date.UTC(2030, 0, 1);

const bundles = new Map<string, Promise<string>>();
const made: string[] = [];
// Registered when a test file imports this module (hooks cannot be added once tests run).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Bundles a Worker entry for workerd once per test file (esbuild, `cloudflare:workers` left external); removed after the file. */
export function bundle(entry: string): Promise<string> {
  let pending = bundles.get(entry);
  if (pending === undefined) {
    const outdir = mkdtempSync(join(tmpdir(), "isocron-cf-bundle-"));
    made.push(outdir);
    pending = build({
      entryPoints: [resolve(entry)],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser", "import"],
      external: ["cloudflare:workers"],
      plugins: [rawText(fileURLToPath(new URL("../..", import.meta.url)))],
      outfile: join(outdir, "worker.mjs"),
      logLevel: "silent",
    }).then(() => join(outdir, "worker.mjs"));
    bundles.set(entry, pending);
  }
  return pending;
}

export interface WorkerOptions {
  /** Worker entry file, relative to the repo root. @default "worker/index.ts" */
  entry?: string;
  /** Directory for Durable Object storage that outlives this Miniflare. */
  persist?: string;
  /** The API_TOKEN secret; null leaves it unset. */
  token?: string | null;
  /** The ADMIN_TOKEN secret; null leaves it unset. @default ADMIN_TOKEN */
  adminToken?: string | null;
  /** Durable Object bindings that differ from the example (LEASES, SCHEDULER). */
  durableObjects?: Record<string, string>;
}

/** Starts the Worker in real workerd through miniflare. Dispose it after the test. */
export async function startWorker(options: WorkerOptions = {}): Promise<Miniflare> {
  const scriptPath = await bundle(options.entry ?? "worker/index.ts");
  const token = options.token === undefined ? TOKEN : options.token;
  const adminToken = options.adminToken === undefined ? ADMIN_TOKEN : options.adminToken;
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    durableObjects: Object.fromEntries(
      Object.entries({ LEASES: "LeaseObject", SCHEDULER: "IsocronScheduler", ...options.durableObjects }).map(([binding, className]) => [
        binding,
        { className, useSQLite: true },
      ]),
    ),
    port: 0,
    bindings: { ...(token === null ? {} : { API_TOKEN: token }), ...(adminToken === null ? {} : { ADMIN_TOKEN: adminToken }) },
    ...(options.persist !== undefined ? { durableObjectsPersist: options.persist } : {}),
  });
  await mf.ready;
  return mf;
}

/** A Worker in workerd over Durable Object storage that outlives it: restarts keep the state. */
export interface PersistentWorker {
  /** The running Miniflare (a new one after each restart). */
  readonly mf: Miniflare;
  /** Disposes the running workerd and starts a new one on the same storage, with these options for this start only. */
  restart(options?: Omit<WorkerOptions, "persist">): Promise<void>;
  /** GETs `path` from the Worker, expects 200 and returns the JSON body. */
  get(path: string): Promise<any>;
}

/**
 * Starts the Worker before the test file's tests (a fresh storage dir named `prefix`…) and
 * disposes it and removes the dir after them. Call at a test file's top level.
 */
export function persistentWorker({ prefix, ...startOptions }: Omit<WorkerOptions, "persist"> & { prefix: string }): PersistentWorker {
  const persist = mkdtempSync(join(tmpdir(), prefix));
  const start = (options: Omit<WorkerOptions, "persist"> = {}): Promise<Miniflare> => startWorker({ ...startOptions, ...options, persist });
  let mf: Miniflare | undefined;
  const running = (): Miniflare => {
    if (mf === undefined) throw new Error("the Worker is not started: use it inside a test");
    return mf;
  };
  beforeAll(async () => {
    mf = await start();
  });
  afterAll(async () => {
    await mf?.dispose();
    rmSync(persist, { recursive: true, force: true });
  });
  return {
    get mf() {
      return running();
    },
    async restart(options) {
      await running().dispose();
      mf = await start(options);
    },
    async get(path) {
      const response = await running().dispatchFetch(`http://worker${path}`);
      expect(response.status).toBe(200);
      return response.json();
    },
  };
}

/** POSTs a JSON body to the Worker with the test token (or the given authorization header). */
export async function post(mf: Miniflare, path: string, body: unknown, authorization: string | null = `Bearer ${TOKEN}`): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== null) headers.authorization = authorization;
  const response = await mf.dispatchFetch(`http://worker${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text === "" ? null : JSON.parse(text) };
}

/** Real waits, only where the lease object's own clock must move. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
