// The admin dashboard (isocron/hono, dist/hono.js) served by each runtime's own server, as its
// example in admin/<runtime>.mjs does it (Deno.serve, Bun.serve, @hono/node-server): auth,
// the job list, a run started now reaching the job's history, and its events over SSE.
import { assert, runtime, test } from "./harness.mjs";

const TOKEN = "conformance-admin-token-4f9c2e";
const env = (name, value) => (globalThis.Deno ? globalThis.Deno.env.set(name, value) : (globalThis.process.env[name] = value));

/** The example's port once it listens, whatever the runtime's server object looks like. */
async function portOf(server) {
  if (runtime === "deno") return server.addr.port;
  if (runtime === "bun") return server.port;
  if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
  return server.address().port;
}

async function stop({ server, scheduler }) {
  if (runtime === "deno") await server.shutdown();
  else if (runtime === "bun") server.stop(true);
  else await new Promise((resolve) => server.close(resolve));
  await scheduler.shutdown();
}

/** Reads an SSE body until `done(text)` is true; fails after `ms`. */
async function readUntil(reader, state, done, ms) {
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  while (!done(state.text)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no such events within ${ms} ms; got ${JSON.stringify(state.text)}`);
    let timer;
    const chunk = await Promise.race([reader.read(), new Promise((resolve) => (timer = setTimeout(() => resolve(null), left)))]);
    clearTimeout(timer);
    if (chunk === null) continue;
    if (chunk.done) throw new Error(`the event stream ended; got ${JSON.stringify(state.text)}`);
    state.text += decoder.decode(chunk.value, { stream: true });
  }
}

/** The events in an SSE text: [{ event, data }]. */
const parseSse = (text) =>
  text.split("\n\n").map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    return event === undefined ? null : { event, data: JSON.parse(data) };
  }).filter(Boolean);

test(`admin: the dashboard served by ${runtime}: 401 without the token, the jobs with it, run now into history and over SSE`, async () => {
  env("ISOCRON_TOKEN", TOKEN);
  env("PORT", "0");
  const example = await import(`./admin/${runtime}.mjs`);
  const base = `http://127.0.0.1:${await portOf(example.server)}`;
  const auth = { authorization: `Bearer ${TOKEN}` };
  let reader;
  try {
    for (const headers of [{}, { authorization: "Bearer wrong-token-wrong-token" }]) {
      const refused = await fetch(`${base}/api/jobs`, { headers });
      assert.equal(refused.status, 401, `GET /api/jobs with ${JSON.stringify(headers)}`);
      assert.equal((await refused.json()).code, "AdminUnauthorized");
    }
    const listed = await fetch(`${base}/api/jobs`, { headers: auth });
    assert.equal(listed.status, 200, "GET /api/jobs with the token");
    const jobs = await listed.json();
    assert.deepEqual(jobs.map((j) => [j.name, j.tags, j.schedule, j.nextRuns.length, j.lastRun, j.paused]), [
      ["report", ["reports"], { type: "duration", intervalMs: 3_600_000 }, 5, null, false],
    ]);
    assert.equal(typeof jobs[0].scheduleText, "string");
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200, "GET / (the page)");
    assert.ok((page.headers.get("content-type") ?? "").startsWith("text/html"), "the page is HTML");
    await page.body?.cancel();

    const events = await fetch(`${base}/api/events`, { headers: auth });
    assert.equal(events.status, 200, "GET /api/events");
    assert.ok((events.headers.get("content-type") ?? "").startsWith("text/event-stream"), "an event stream");
    reader = events.body.getReader();
    const sse = { text: "" };
    // The stream's first bytes are written once it has subscribed: a run from now on is heard.
    await readUntil(reader, sse, (text) => text.length > 0, 5_000);

    const { id } = jobs[0];
    const ran = await fetch(`${base}/api/jobs/${id}/run`, { method: "POST", headers: auth });
    assert.equal(ran.status, 202, "POST /api/jobs/:id/run");
    await ran.body?.cancel();
    await readUntil(reader, sse, (text) => /^event: finished$/m.test(text), 5_000);
    const heard = parseSse(sse.text);
    assert.deepEqual(heard.map((e) => [e.event, e.data.type, e.data.jobId, e.data.name]), [
      ["started", "started", id, "report"], ["finished", "finished", id, "report"],
    ]);
    const runId = heard[0].data.runId;
    assert.ok(/^report@runNow-/.test(runId), `a runNow run id, got ${runId}`);

    const detail = await (await fetch(`${base}/api/jobs/${id}`, { headers: auth })).json();
    assert.deepEqual(detail.history.map((r) => [r.runId, r.outcome, r.attempts]), [[runId, "success", 1]]);
    assert.equal(detail.lastOutcome, "success");
  } finally {
    await reader?.cancel().catch(() => undefined);
    await stop(example);
  }
});
