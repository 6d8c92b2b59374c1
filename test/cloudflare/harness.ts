import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import type { Plugin } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll } from "vitest";

export const TOKEN = "test-token-7c1d0a2b";
/** The dashboard's secret (ADMIN_TOKEN): a token of its own, at least 16 characters. */
export const ADMIN_TOKEN = "admin-token-5e8f31c9d2";
export const COMPATIBILITY_DATE = "2026-04-01";
/** As wrangler.toml sets them. */
export const COMPATIBILITY_FLAGS = ["enable_request_signal"];

/** `import text from "./file?raw"` is the file's text, as isocron/hono embeds its page (wrangler.toml has the same rule). */
const rawText: Plugin = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)), namespace: "raw" }));
    b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
  },
};

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
      plugins: [rawText],
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
