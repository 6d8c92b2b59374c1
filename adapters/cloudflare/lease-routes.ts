import { MAX_BODY_BYTES, readLimited } from "../shared/read-limited.ts";
import { graceProblem, leaseArgsProblem, MAX_LEASE_NAME, ttlProblem } from "./lease-args.ts";
import { isLeaseOp } from "./lease-protocol.ts";
import type { LeaseNamespace } from "./types.ts";

/**
 * Serves one lease request for clients that reach the lease objects over HTTP
 * (`new DurableObjectElector({ url, token, ... })`). `op` is the last path segment of
 * `POST <base>/lease/<op>`; the body is a {@link LeaseRequestBody}. Check the bearer token
 * (see {@link hasBearer}) before calling this.
 *
 * Answers 200 with the lease object's result as JSON, 400 for a malformed request, 404 for an
 * unknown op, 413 for a body over 64 KB (never read further), 502 when the lease object fails.
 *
 * @example
 * app.post("/lease/:op", (c) => handleLeaseRequest(c.req.param("op"), c.req.raw, c.env.LEASES));
 */
export async function handleLeaseRequest(op: string, request: Request, namespace: LeaseNamespace): Promise<Response> {
  if (!isLeaseOp(op)) return json({ error: `unknown lease operation ${JSON.stringify(op.slice(0, 40))}` }, 404);
  let body: Record<string, unknown>;
  const text = await readLimited(request.body, request.headers.get("content-length"));
  if (text === null) return json({ error: `body must be at most ${MAX_BODY_BYTES} bytes` }, 413);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError("not an object");
    body = parsed as Record<string, unknown>;
  } catch {
    return json({ error: "body must be a JSON object" }, 400);
  }
  const { object, name, holder, ttlMs, graceMs } = body;
  if (typeof object !== "string" || object.length === 0 || object.length > MAX_LEASE_NAME) {
    return json({ error: `object must be a string of 1 to ${MAX_LEASE_NAME} characters` }, 400);
  }
  const problem = leaseArgsProblem(name, holder) ?? (op === "release" ? graceProblem(graceMs) : ttlProblem(ttlMs));
  if (problem !== null) return json({ error: problem }, 400);
  const stub = namespace.getByName(object);
  try {
    const result = op === "release"
      ? await (graceMs === undefined ? stub.release(name as string, holder as string) : stub.release(name as string, holder as string, graceMs as number))
      : await stub[op](name as string, holder as string, ttlMs as number);
    return json(result, 200);
  } catch {
    // The object's error may name internals; the client only needs to know it failed.
    return json({ error: "the lease object failed" }, 502);
  }
}

function json(value: unknown, status: number): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}
