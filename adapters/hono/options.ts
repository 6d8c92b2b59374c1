import type { Clock } from "../../src/clock.ts";
import { systemClock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import type { Logger } from "../../src/options.ts";

/**
 * How `/api` requests are authenticated: exactly one of `token`, `authorize`, or `auth: false`
 * written out. None is `AdminAuthMissing`; more than one is `AdminOptionsInvalid`.
 */
export type AdminAuth =
  | {
      /**
       * The bearer token every `/api` request must carry (`Authorization: Bearer <token>`), at
       * least 16 characters without spaces. Compared in constant time.
       */
      token: string;
      authorize?: undefined;
      auth?: undefined;
    }
  | {
      /**
       * Decides for each `/api` request whether it may pass (e.g. checks a signed header set by
       * your proxy). A throw or rejection refuses the request and is logged.
       */
      authorize: (request: Request) => boolean | Promise<boolean>;
      token?: undefined;
      auth?: undefined;
    }
  | {
      /** `false`, written out: serves the API to anyone who reaches it (a tool on localhost). */
      auth: false;
      token?: undefined;
      authorize?: undefined;
    };

/** Options of {@link adminApp}: how to authenticate ({@link AdminAuth}) and the settings below. */
export type AdminOptions = AdminAuth & AdminSettings;

/** The settings of {@link adminApp} besides authentication. */
export interface AdminSettings {
  /**
   * Refuses every action (run, pause, resume) with 403 `AdminReadOnly`; reads still work.
   * @default false
   */
  readOnly?: boolean;
  /** The page's title (escaped into its `<title>`). @default the page's own, "isocron" */
  title?: string;
  /**
   * Most event streams (`GET /api/events`) open at once; one more is refused with 429
   * `AdminStreamsFull`.
   * @default 16
   */
  maxStreams?: number;
  /**
   * How often an event stream writes a `: keep-alive` comment (when no event is waiting to be
   * sent), in whole ms from 1,000 to 3,600,000. Keep it under your proxies' idle timeout. A
   * shorter one also frees sooner the place of a client that went without a word, where the
   * runtime notices only at the next write (workerd).
   * @default 15000
   */
  keepAliveMs?: number;
  /**
   * Where a failed `authorize`, a failing source or a dropped slow stream is logged; secrets
   * never reach it.
   * @default console
   */
  logger?: Pick<Logger, "error">;
  /**
   * The clock that stamps events the scheduler does not time itself (skips, pause, resume,
   * registration, removal) and times the streams' keep-alives. Pass the scheduler's clock when
   * it is not the system's (a `FakeClock` in tests).
   * @default the system clock
   */
  clock?: Clock;
}

/** The options, checked. */
export interface AdminConfig {
  readonly check: { readonly token: string } | { readonly authorize: (request: Request) => boolean | Promise<boolean> } | null;
  readonly readOnly: boolean;
  readonly title: string | null;
  readonly maxStreams: number;
  readonly keepAliveMs: number;
  readonly logger: Pick<Logger, "error">;
  readonly clock: Clock;
}

const KEYS = new Set(["token", "authorize", "auth", "readOnly", "title", "maxStreams", "keepAliveMs", "logger", "clock"]);

const invalid = (message: string): SchedulerError => new SchedulerError("AdminOptionsInvalid", `adminApp: ${message}`);

/** Validates `adminApp`'s options: unknown keys, wrong types and a missing way to authenticate are errors. */
export function adminConfig(options: unknown): AdminConfig {
  if (options === null || typeof options !== "object") throw invalid(`options must be an object, got ${show(options)}`);
  const o = { ...(options as Record<string, unknown>) };
  for (const key of Object.keys(o)) if (!KEYS.has(key)) throw invalid(`unknown option ${show(key)}`);
  const ways = ["token", "authorize", "auth"].filter((k) => o[k] !== undefined);
  if (ways.length === 0) {
    throw new SchedulerError("AdminAuthMissing", "adminApp needs token or authorize, or auth: false written out to serve the API to anyone");
  }
  if (ways.length > 1) throw invalid(`takes one of token, authorize and auth: false, got ${ways.join(" and ")}`);
  let check: AdminConfig["check"] = null;
  if (o.token !== undefined) {
    // The value is never shown: it may be the secret itself, or most of it.
    if (typeof o.token !== "string" || o.token.length < 16 || o.token.length > 4096 || /\s/.test(o.token)) {
      throw invalid(`token must be a string of 16 to 4096 characters without spaces, got ${typeof o.token === "string" ? `one of ${o.token.length} characters` : show(o.token)}`);
    }
    check = { token: o.token };
  } else if (o.authorize !== undefined) {
    if (typeof o.authorize !== "function") throw invalid(`authorize must be a function, got ${show(o.authorize)}`);
    check = { authorize: o.authorize as (request: Request) => boolean | Promise<boolean> };
  } else if (o.auth !== false) {
    throw invalid(`auth can only be false (to serve the API without auth), got ${show(o.auth)}`);
  }
  if (o.readOnly !== undefined && typeof o.readOnly !== "boolean") throw invalid(`readOnly must be a boolean, got ${show(o.readOnly)}`);
  if (o.title !== undefined && (typeof o.title !== "string" || o.title.length === 0 || o.title.length > 200)) {
    throw invalid(`title must be a string of 1 to 200 characters, got ${show(o.title)}`);
  }
  const maxStreams = o.maxStreams ?? 16;
  if (typeof maxStreams !== "number" || !Number.isInteger(maxStreams) || maxStreams < 0 || maxStreams > 10_000) {
    throw invalid(`maxStreams must be an integer from 0 to 10000, got ${show(maxStreams)}`);
  }
  const keepAliveMs = o.keepAliveMs ?? 15_000;
  if (typeof keepAliveMs !== "number" || !Number.isInteger(keepAliveMs) || keepAliveMs < 1_000 || keepAliveMs > 3_600_000) {
    throw invalid(`keepAliveMs must be a whole number of ms from 1000 to 3600000, got ${show(keepAliveMs)}`);
  }
  const logger = o.logger ?? console;
  if (logger === null || typeof logger !== "object" || typeof (logger as Logger).error !== "function") {
    throw invalid(`logger must have an error() method, got ${show(logger)}`);
  }
  const clock = o.clock ?? systemClock;
  const c = clock as Partial<Clock> | null;
  if (c === null || typeof c !== "object" || typeof c.now !== "function" || typeof c.setTimer !== "function" || typeof c.clearTimer !== "function") {
    throw invalid(`clock must have now(), setTimer() and clearTimer(), got ${show(clock)}`);
  }
  return {
    check,
    readOnly: o.readOnly === true,
    title: (o.title as string | undefined) ?? null,
    maxStreams,
    keepAliveMs,
    logger: logger as Pick<Logger, "error">,
    clock: clock as Clock,
  };
}
