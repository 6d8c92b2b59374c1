import { SchedulerError, show } from "../../src/errors.ts";
import type { SchedulerErrorCode } from "../../src/errors.ts";
import { MAX_BODY_BYTES, readLimited } from "../shared/read-limited.ts";
import { untilAborted } from "../shared/until-aborted.ts";

/** How requests are sent: the global `fetch` or the user's (e.g. a service binding's). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A failure whose message is ours and safe to show (no URL, no token). */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";
}

const noop = (): void => undefined;

/**
 * POSTs `body` as JSON with the bearer token and returns the parsed JSON answer. Never
 * follows a redirect (it would re-send the token and the lock's holder token to another
 * host), reads at most {@link MAX_BODY_BYTES}, and stops as soon as `signal` aborts.
 * Answers that are not 2xx throw {@link HttpFailure}.
 */
export async function postJson(send: Fetch, url: string, token: string, body: unknown, signal: AbortSignal): Promise<unknown> {
  const init: RequestInit = {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    redirect: "manual",
    signal,
  };
  const sent = Promise.resolve(send(url, init)).then((response) => {
    if (typeof response?.status !== "number" || typeof response.headers?.get !== "function") {
      throw new HttpFailure("the fetch option did not return a Response");
    }
    // Arrived after the abort (a fetch that ignores its signal): nobody will read it.
    if (signal.aborted) discard(response);
    return response;
  });
  const response = await untilAborted(sent, signal);
  const status = response.status;
  // Browsers hide a manual redirect as an "opaqueredirect" with status 0.
  if ((response.type as string) === "opaqueredirect" || (status >= 300 && status < 400)) {
    discard(response);
    throw new HttpFailure(`the Worker answered a redirect${status === 0 ? "" : ` (HTTP ${status})`}, which is never followed`);
  }
  if (status < 200 || status >= 300) {
    discard(response);
    throw new HttpFailure(status === 401 ? "the Worker refused the token (HTTP 401)" : `the Worker answered HTTP ${status}`);
  }
  const text = await readLimited(response.body, response.headers.get("content-length"), signal);
  if (text === null) throw new HttpFailure(`the Worker's answer is larger than ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpFailure("the Worker's answer is not JSON");
  }
}

function discard(response: Response): void {
  response.body?.cancel().catch(noop);
}

/**
 * The Worker's base URL without a trailing slash, query or fragment. Refuses credentials in
 * it, and plain `http:` (the token would travel in clear) unless the host is loopback or
 * `allowInsecure` is true.
 */
export function parseBaseUrl(value: unknown, allowInsecure: unknown, invalidCode: SchedulerErrorCode): string {
  if (allowInsecure !== undefined && typeof allowInsecure !== "boolean") {
    throw new SchedulerError(invalidCode, `allowInsecure must be a boolean, got ${show(allowInsecure)}`);
  }
  let url: URL;
  try {
    url = new URL(value instanceof URL ? value.href : String(value));
  } catch {
    throw new SchedulerError(invalidCode, "url must be an absolute http(s) URL of the Worker");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SchedulerError(invalidCode, `url must use http or https, got ${show(url.protocol)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new SchedulerError(invalidCode, "url must not carry credentials; pass the bearer token as `token`");
  }
  if (url.protocol === "http:" && allowInsecure !== true && !isLoopback(url.hostname)) {
    throw new SchedulerError(
      invalidCode,
      "url uses plain http: to a host that is not loopback, which would send the token in clear; use https:, or set allowInsecure: true",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** 127.0.0.0/8, ::1 and localhost (the URL parser has already normalised the host). */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
