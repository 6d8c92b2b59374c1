import { Hono, type Context } from "hono";
import { basePath } from "hono/route";
import { SchedulerError, show } from "../../src/errors.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { ASSETS, pageAsset, type Asset } from "./assets.ts";
import { authGuard, sameOrigin } from "./auth.ts";
import { eventStream } from "./events.ts";
import { adminConfig, type AdminOptions } from "./options.ts";
import { fail, log, ok, sourceFailed } from "./respond.ts";
import { schedulerSource } from "./scheduler-source.ts";
import type { AdminSource } from "./source.ts";

/** Job ids longer than this are answered 404 without asking the source. */
const MAX_ID = 512;

/**
 * The page's own headers: no framing by other sites, no referrer leaking the mount path, and a
 * policy that lets it load only its own script, stylesheet and API.
 */
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const SOURCE_METHODS = ["listJobs", "getJob", "runJob", "pauseJob", "resumeJob", "subscribe"] as const;

function checkSource(source: unknown): AdminSource {
  const s = source as Record<string, unknown> | null;
  if (s === null || typeof s !== "object" || !SOURCE_METHODS.every((m) => typeof s[m] === "function")) {
    throw new SchedulerError("AdminOptionsInvalid", `adminApp: source must be a Scheduler or an AdminSource (${SOURCE_METHODS.join(", ")}), got ${show(source)}`);
  }
  return s as unknown as AdminSource;
}

/** An embedded file, revalidated by ETag on every use (a new package version shows at once). */
function serve(c: Context, asset: Asset, headers: Record<string, string> = {}): Response {
  const common = { "cache-control": "no-cache", etag: asset.etag, "x-content-type-options": "nosniff", ...headers };
  if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, common);
  return c.body(asset.body, 200, { ...common, "content-type": asset.type });
}

/**
 * The admin API and dashboard for a scheduler, as a hono app to mount where you like:
 * `app.route("/isocron", adminApp(scheduler, { token }))`. `source` is a {@link Scheduler}, or
 * an {@link AdminSource} (the Cloudflare host's Durable Object). The page and its assets load
 * without auth (they hold no data); every `/api` route needs it. Invalid options throw
 * `AdminOptionsInvalid`; none of `token`, `authorize` and `auth: false` is `AdminAuthMissing`.
 *
 * @example
 * const app = new Hono();
 * app.route("/isocron", adminApp(scheduler, { token: env.ISOCRON_TOKEN }));
 */
export function adminApp(source: Scheduler | AdminSource, options: AdminOptions): Hono {
  const config = adminConfig(options);
  const jobs = source instanceof Scheduler ? schedulerSource(source, config.clock) : checkSource(source);
  const page = pageAsset(config.title);
  const app = new Hono();
  const notFound = (c: Context, id: string): Response => fail(c, 404, "JobNotFound", `no job with id ${show(id)}`);

  app.use("/api/*", authGuard(config));
  app.get("/api/jobs", async (c) => {
    try {
      return ok(c, await jobs.listJobs());
    } catch (error) {
      return sourceFailed(c, config, error);
    }
  });
  app.get("/api/jobs/:id", async (c) => {
    const id = c.req.param("id");
    try {
      const job = id.length > MAX_ID ? null : await jobs.getJob(id);
      return job === null ? notFound(c, id) : ok(c, job);
    } catch (error) {
      return sourceFailed(c, config, error);
    }
  });
  const actions = { run: jobs.runJob, pause: jobs.pauseJob, resume: jobs.resumeJob } as const;
  for (const [name, act] of Object.entries(actions)) {
    app.post(`/api/jobs/:id/${name}`, sameOrigin, async (c) => {
      if (config.readOnly) return fail(c, 403, "AdminReadOnly", `this admin API is read-only (readOnly: true): ${name} refused`);
      const id = c.req.param("id");
      try {
        const done = id.length > MAX_ID ? false : await act.call(jobs, id);
        // A run is started, not awaited: 202, its end arrives on the event stream.
        return done ? ok(c, { ok: true }, name === "run" ? 202 : 200) : notFound(c, id);
      } catch (error) {
        return sourceFailed(c, config, error);
      }
    });
  }
  app.get("/api/events", eventStream(jobs, config));
  app.all("/api/*", (c) => fail(c, 404, "AdminNotFound", `no such API route: ${c.req.method} ${show(c.req.path)}`));

  app.get("/assets/:file", (c) => {
    const asset = ASSETS.get(c.req.param("file"));
    return asset === undefined ? fail(c, 404, "AdminNotFound", "no such asset") : serve(c, asset);
  });
  app.get("/*", (c) => {
    const base = basePath(c).replace(/\/$/, "");
    const rest = c.req.path.slice(base.length);
    if (rest === "/") return serve(c, page, PAGE_HEADERS);
    // Mounted at /isocron, "/isocron" gets "./isocron/": the page's relative URLs need the slash.
    if (rest === "") return c.body(null, 308, { location: `./${base.slice(base.lastIndexOf("/") + 1)}/` });
    return fail(c, 404, "AdminNotFound", "not found");
  });
  app.onError((error, c) => {
    log(config, "[isocron] admin: a request failed", error);
    return fail(c, 500, "AdminInternal", "the admin API failed; see the server's log");
  });
  return app;
}
