import type { MiddlewareHandler } from "hono";
import { hasBearer } from "../cloudflare/auth.ts";
import type { AdminConfig } from "./options.ts";
import { fail, log } from "./respond.ts";

const CHALLENGE = { "www-authenticate": 'Bearer realm="isocron"' };

/** Names a browser gives to itself when the API is served open on this machine. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Guards every `/api` route: the bearer token (constant time), the `authorize` callback (a
 * throw refuses), or nothing with `auth: false`. Served open, it answers only requests
 * addressed to a loopback name, so a web page cannot reach it through DNS rebinding
 * (evil.example resolving to 127.0.0.1 is same-origin for the browser, but not loopback by name).
 */
export function authGuard(config: AdminConfig): MiddlewareHandler {
  const check = config.check;
  return async (c, next) => {
    let allowed: boolean;
    if (check === null) {
      if (!LOOPBACK.test(new URL(c.req.url).hostname)) {
        return fail(c, 403, "AdminHostRefused", "served without auth (auth: false), the API answers only requests to localhost, 127.x.x.x or [::1]");
      }
      allowed = true;
    } else if ("token" in check) {
      allowed = hasBearer(c.req.raw, check.token);
    } else {
      try {
        allowed = (await check.authorize(c.req.raw)) === true;
      } catch (error) {
        log(config, "[isocron] admin: authorize threw; request refused", error);
        allowed = false;
      }
    }
    if (!allowed) return fail(c, 401, "AdminUnauthorized", "this API needs Authorization: Bearer <token>", CHALLENGE);
    await next();
  };
}

/**
 * Refuses an action sent by another site's page (`Sec-Fetch-Site: cross-site` or `same-site`):
 * with a token a browser cannot forge the header anyway, but served open (`auth: false`) a
 * plain cross-site POST would otherwise run jobs.
 */
export const sameOrigin: MiddlewareHandler = async (c, next) => {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return fail(c, 403, "AdminCrossOrigin", `actions are refused from another site's page (Sec-Fetch-Site: ${site.slice(0, 20)})`);
  }
  await next();
};
