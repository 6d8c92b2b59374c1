// The isocron dashboard: plain script, no framework. Everything the API answers is untrusted
// (job names, error messages): it reaches the page through textContent and attributes only.
// URLs are relative, so the page works wherever adminApp is mounted.
const $ = (id) => document.getElementById(id);
const KEY = "isocron-token:" + location.pathname;
const NS = "http://www.w3.org/2000/svg";
const OUTCOMES = { success: ["OK", "ok"], error: ["Failed", "bad"], timeout: ["Timed out", "bad"], skipped: ["Skipped", "warn"] };
const HEADS = ["Job", "Schedule", "Next run", "Last run", "Recent durations", "Actions"];

/** The 401 of any API call: the token is wrong or gone. */
class AuthError extends Error {}

let token = null;
/** id -> AdminJob as last read; rows and buttons are kept per id so focus survives updates. */
const jobs = new Map();
const rows = new Map();
/** Bumped on sign-in and sign-out: a stale stream or answer sees it changed and stops. */
let session = 0;
let stream = null;
let openId = null;
let opener = null;
const pending = new Set();
const reads = new Map();
let flushTimer = 0;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

let spoken = [];
function say(text) {
  // Cleared first so the same sentence twice is read twice; what comes meanwhile joins it.
  if (spoken.push(text) > 1) return;
  $("live").textContent = "";
  setTimeout(() => {
    $("live").textContent = spoken.join(". ");
    spoken = [];
  }, 50);
}

function notice(text) {
  $("notice").textContent = text;
}

// ---- time and durations --------------------------------------------------------------

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dated = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "long" });

function local(at) {
  const d = new Date(at);
  return (d.toDateString() === new Date().toDateString() ? clock : dated).format(d);
}

/** "in 3 min", "12 s ago", "now": short, English like the rest of the page. */
function relative(at) {
  const ms = at - Date.now();
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 1) return "now";
  const n = s < 60 ? s + " s" : s < 3600 ? Math.floor(s / 60) + " min" : s < 86400 ? Math.floor(s / 3600) + " h" : Math.floor(s / 86400) + " d";
  return ms > 0 ? "in " + n : n + " ago";
}

function duration(ms) {
  if (ms < 1000) return Math.round(ms) + " ms";
  if (ms < 60000) return +(ms / 1000).toFixed(1) + " s";
  const m = Math.floor(ms / 60000);
  return m < 60 ? m + " min " + Math.round((ms % 60000) / 1000) + " s" : Math.floor(m / 60) + " h " + (m % 60) + " min";
}

/** A local time with its relative form, which the ticker keeps current. */
function when(at, future) {
  const span = el("span", "when");
  const t = el("time", "", local(at));
  t.dateTime = new Date(at).toISOString();
  t.title = full.format(at);
  const rel = el("span", "rel", relative(at));
  rel.dataset.at = at;
  if (future) rel.dataset.future = "1";
  span.append(t, " ", rel);
  return span;
}

function tick() {
  for (const e of document.querySelectorAll("[data-at]")) {
    const at = Number(e.dataset.at);
    const text = e.dataset.future && at <= Date.now() ? "due now" : relative(at);
    if (e.textContent !== text) e.textContent = text;
  }
}

// ---- the API ---------------------------------------------------------------------------

/** Reads at most `cap` bytes of a body: a page never holds an unbounded answer. */
async function readText(res, cap) {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let out = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out + decoder.decode();
    size += value.length;
    if (size > cap) {
      reader.cancel();
      throw new Error("the answer was too large");
    }
    out += decoder.decode(value, { stream: true });
  }
}

function request(path, method, signal) {
  const headers = { accept: method ? "application/json" : "text/event-stream" };
  // No token: the server may not need one (auth: false, or an authorize callback reading
  // something else); a 401 then brings the form.
  if (token) headers.authorization = "Bearer " + token;
  return fetch(path, {
    method,
    headers,
    cache: "no-store",
    redirect: "manual",
    signal,
  });
}

async function api(path, method = "GET") {
  const res = await request(path, method, AbortSignal.timeout(15000));
  if (res.status === 401) throw new AuthError();
  if (res.type === "opaqueredirect") throw new Error("the server redirected (not followed)");
  const text = await readText(res, 8 << 20);
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the status says what happened
  }
  if (!res.ok) {
    const error = new Error(body && typeof body.error === "string" ? body.error : "the server answered " + res.status);
    error.status = res.status;
    throw error;
  }
  return body;
}

const jobPath = (id) => "api/jobs/" + encodeURIComponent(id);

// ---- the job table ---------------------------------------------------------------------

function badge(text, kind) {
  return el("span", "badge " + kind, text);
}

function outcomeBadge(outcome) {
  const [text, kind] = OUTCOMES[outcome] || [String(outcome), "none"];
  return badge(text, kind);
}

/** An inline SVG line of recent durations, labelled for screen readers with what it shows. */
function sparkline(values) {
  const v = values.slice(-30);
  if (v.length === 0) return el("span", "muted", "no runs");
  const w = 100;
  const h = 24;
  const max = Math.max(...v, 1);
  const step = v.length > 1 ? (w - 4) / (v.length - 1) : 0;
  const pts = v.map((d, i) => [2 + i * step, h - 3 - (d / max) * (h - 6)]);
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "spark");
  svg.setAttribute(
    "aria-label",
    `${v.length} run${v.length === 1 ? "" : "s"}: ${duration(Math.min(...v))} to ${duration(Math.max(...v))}, latest ${duration(v[v.length - 1])}`,
  );
  const line = document.createElementNS(NS, "polyline");
  line.setAttribute("points", pts.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" "));
  const dot = document.createElementNS(NS, "circle");
  const [x, y] = pts[pts.length - 1];
  dot.setAttribute("cx", x.toFixed(1));
  dot.setAttribute("cy", y.toFixed(1));
  dot.setAttribute("r", 2.5);
  svg.append(line, dot);
  return svg;
}

/** A button whose accessible name ends with the job's name ("Run now backup"). */
function actionButton(cls, onClick) {
  const b = el("button", cls);
  b.type = "button";
  b.append(el("span", "label"), el("span", "sr"));
  b.addEventListener("click", onClick);
  return b;
}

function setLabel(button, text, name) {
  button.firstChild.textContent = text;
  button.lastChild.textContent = name ? " " + name : "";
}

function makeRow(id) {
  const tr = el("tr");
  tr.setAttribute("role", "row");
  tr.dataset.id = id;
  const cells = HEADS.map((head) => {
    const td = el("td");
    td.setAttribute("role", "cell");
    const lab = el("span", "lab", head);
    lab.setAttribute("aria-hidden", "true");
    td.append(lab, el("div", "v"));
    return td;
  });
  const open = el("button", "open");
  open.type = "button";
  open.setAttribute("aria-haspopup", "dialog");
  open.addEventListener("click", () => openHistory(id, open));
  cells[0].insertBefore(open, cells[0].lastChild);
  cells[5].lastChild.append(
    actionButton("run", (e) => act(id, "run", e.currentTarget)),
    actionButton("pause", (e) => act(id, jobs.get(id)?.paused ? "resume" : "pause", e.currentTarget)),
  );
  tr.append(...cells);
  // A click anywhere on the row opens the history too; the keyboard way is the name's button.
  tr.addEventListener("click", (e) => {
    if (!e.target.closest("button")) openHistory(id, open);
  });
  return tr;
}

function fillRow(tr, job) {
  const [nameCell, sched, next, last, spark, actions] = tr.cells;
  nameCell.querySelector(".open").textContent = job.name;
  const tags = nameCell.lastChild;
  tags.className = "v tags";
  tags.replaceChildren(...job.tags.map((t) => el("span", "tag", t)));
  sched.lastChild.textContent = job.scheduleText;
  next.lastChild.replaceChildren(
    job.paused ? badge("Paused", "paused") : job.nextRuns.length ? when(job.nextRuns[0], true) : el("span", "muted", "no more runs"),
  );
  const lastBits = [job.running ? badge("Running", "run") : job.lastOutcome ? outcomeBadge(job.lastOutcome) : badge("Never run", "none")];
  if (job.lastRun !== null) lastBits.push(" ", when(job.lastRun, false));
  last.lastChild.replaceChildren(...lastBits);
  spark.lastChild.replaceChildren(sparkline(job.recentDurationsMs));
  const [run, pause] = actions.lastChild.children;
  setLabel(run, "Run now", job.name);
  setLabel(pause, job.paused ? "Resume" : "Pause", job.name);
  tr.classList.toggle("paused", job.paused);
  tr.classList.toggle("failing", job.lastOutcome === "error" || job.lastOutcome === "timeout");
}

function showJob(job, flash) {
  jobs.set(job.id, job);
  let tr = rows.get(job.id);
  if (!tr) {
    tr = makeRow(job.id);
    rows.set(job.id, tr);
    $("jobs").tBodies[0].append(tr);
  }
  fillRow(tr, job);
  if (flash && !matchMedia("(prefers-reduced-motion: reduce)").matches) {
    tr.classList.remove("flash");
    void tr.offsetWidth;
    tr.classList.add("flash");
  }
  summary();
  if (openId === job.id && job.history) fillHistory(job);
}

function dropJob(id) {
  rows.get(id)?.remove();
  rows.delete(id);
  jobs.delete(id);
  summary();
  if (openId === id) $("history").close();
}

function summary() {
  const all = [...jobs.values()];
  const failing = all.filter((j) => j.lastOutcome === "error" || j.lastOutcome === "timeout").length;
  const paused = all.filter((j) => j.paused).length;
  let text = `${all.length} job${all.length === 1 ? "" : "s"}`;
  if (failing) text += `, ${failing} failing`;
  if (paused) text += `, ${paused} paused`;
  $("count").textContent = "· " + text;
  $("empty").hidden = all.length > 0;
}

async function loadAll() {
  const list = await api("api/jobs");
  const seen = new Set(list.map((j) => j.id));
  for (const id of [...rows.keys()]) if (!seen.has(id)) dropJob(id);
  for (const job of list) showJob(job);
  // The server's order; rows move only when it changed (a moved row would lose the focus).
  const body = $("jobs").tBodies[0];
  if (list.some((j, i) => body.rows[i] !== rows.get(j.id))) body.append(...list.map((j) => rows.get(j.id)));
  if (openId !== null) refresh(openId);
}

/** Reads one job again (its row and, when open, its history); a 404 means it is gone. */
async function refresh(id) {
  const mine = session;
  // Only the latest read of a job is shown: an older answer arriving last would be stale.
  const n = (reads.get(id) ?? 0) + 1;
  reads.set(id, n);
  try {
    const job = await api(jobPath(id));
    if (mine === session && reads.get(id) === n) showJob(job, true);
  } catch (error) {
    if (mine !== session || reads.get(id) !== n) return;
    if (error.status === 404) dropJob(id);
    else fail(error);
  }
}

function fail(error) {
  if (error instanceof AuthError) ask(token ? "The token was not accepted. Enter it again." : "");
  else notice("Could not reach the server: " + error.message);
}

async function act(id, action, button) {
  if (button.dataset.busy) return;
  button.dataset.busy = "1";
  const name = jobs.get(id)?.name ?? id;
  // Said first: the run's own events (a failure) may come before the answer.
  if (action === "run") say(`Running ${name}`);
  try {
    await api(jobPath(id) + "/" + action, "POST");
    notice("");
    await refresh(id);
  } catch (error) {
    if (error instanceof AuthError || !error.status) fail(error);
    else notice(`Could not ${action === "run" ? "run" : action} ${name}: ${error.message}`);
  } finally {
    delete button.dataset.busy;
  }
}

// ---- a job's history (a modal dialog: focus moves in, Escape closes, focus goes back) ----

function openHistory(id, from) {
  const job = jobs.get(id);
  if (!job) return;
  openId = id;
  opener = from;
  $("history-title").textContent = "History of " + job.name;
  fillHistory(job);
  const dialog = $("history");
  if (!dialog.open) dialog.showModal();
  $("close").focus();
  refresh(id);
}

function fillHistory(job) {
  $("history-title").textContent = "History of " + job.name;
  $("history-schedule").textContent = job.scheduleText + (job.tags.length ? " · tags: " + job.tags.join(", ") : "");
  const next = $("history-next");
  if (job.paused) next.textContent = "Paused: no runs until resumed.";
  else if (job.nextRuns.length) next.textContent = "Next runs: " + job.nextRuns.map(local).join(", ");
  else next.textContent = "No more runs scheduled.";
  $("d-pause").textContent = job.paused ? "Resume" : "Pause";
  const history = job.history;
  if (!history) return;
  $("no-runs").hidden = history.length > 0;
  $("runs").tBodies[0].replaceChildren(
    ...history.map((run) => {
      const tr = el("tr");
      const outcome = el("td");
      outcome.append(outcomeBadge(run.outcome));
      if (run.skipReason) outcome.append(" ", el("span", "muted", run.skipReason));
      const error = el("td", "err");
      if (run.error) {
        error.append(el("strong", "", run.error.name + ": "), run.error.message);
        if (run.error.code) error.append(" ", el("code", "", run.error.code));
      }
      const started = el("td");
      started.append(when(run.startedAt, false));
      const attempts = el("td", "num");
      const lab = el("span", "lab", "Attempts");
      lab.setAttribute("aria-hidden", "true");
      attempts.append(lab, String(run.attempts));
      tr.append(started, outcome, el("td", "num", duration(run.durationMs)), attempts, error);
      return tr;
    }),
  );
}

function historyAction(action) {
  return (e) => {
    const job = jobs.get(openId);
    if (job) act(job.id, action === "toggle" ? (job.paused ? "resume" : "pause") : action, e.currentTarget);
  };
}

// ---- live updates: Server-Sent Events read with fetch (EventSource cannot send a header) ----

/** Coalesces a burst of events (started, finished) into one read per job. */
function queue(id) {
  pending.add(id);
  if (!flushTimer)
    flushTimer = setTimeout(() => {
      flushTimer = 0;
      const ids = [...pending];
      pending.clear();
      for (const id of ids) refresh(id);
    }, 120);
}

function onEvent(type, data) {
  let event;
  try {
    event = JSON.parse(data);
  } catch {
    return;
  }
  if (!event || typeof event.jobId !== "string") return;
  const name = typeof event.name === "string" ? event.name : event.jobId;
  if (type === "removed") {
    pending.delete(event.jobId);
    dropJob(event.jobId);
    say(`${name} was removed`);
    return;
  }
  // Spoken sparingly: failures and changes of state, not every run.
  if (type === "failed") say(`${name} failed: ${event.error?.message ?? ""}`);
  else if (type === "paused" || type === "resumed" || type === "registered") say(`${name} ${type}`);
  queue(event.jobId);
}

async function readEvents(body, controller) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let type = "";
  let data = [];
  let idle = 0;
  // A stream silent for this long is presumed dead (a proxy that dropped it): reconnect.
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), 90000);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      arm();
      buffer += value;
      let i;
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, "");
        buffer = buffer.slice(i + 1);
        if (line === "") {
          if (data.length) onEvent(type || "message", data.join("\n"));
          type = "";
          data = [];
        } else if (line[0] !== ":") {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const v = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") type = v;
          else if (field === "data") data.push(v);
        }
      }
      if (buffer.length + data.join("").length > 1 << 20) throw new Error("an event was too large");
    }
  } finally {
    clearTimeout(idle);
  }
}

function status(text, kind) {
  const c = $("conn");
  c.hidden = false;
  c.textContent = text;
  c.className = "conn " + kind;
}

async function listen(mine) {
  let delay = 1000;
  while (mine === session) {
    const controller = new AbortController();
    stream = controller;
    try {
      const timer = setTimeout(() => controller.abort(), 15000);
      const res = await request("api/events", undefined, controller.signal);
      clearTimeout(timer);
      if (res.status === 401) throw new AuthError();
      if (!res.ok || !res.body) throw new Error("the server answered " + res.status);
      status("Live", "on");
      // Anything that happened while disconnected: read the list again.
      await loadAll();
      notice("");
      delay = 1000;
      await readEvents(res.body, controller);
    } catch (error) {
      if (mine !== session) return;
      if (error instanceof AuthError) return fail(error);
    }
    if (mine !== session) return;
    status("Reconnecting…", "off");
    await new Promise((r) => setTimeout(r, delay * (1 + Math.random() / 2)));
    delay = Math.min(delay * 2, 30000);
  }
}

// ---- the token: from #token= once, kept in sessionStorage, asked for on 401 --------------

function stop() {
  session++;
  stream?.abort();
  stream = null;
  jobs.clear();
  rows.clear();
  $("jobs").tBodies[0].replaceChildren();
  if ($("history").open) $("history").close();
}

function ask(message) {
  stop();
  token = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage refused: nothing was kept
  }
  $("board").hidden = $("signout").hidden = $("conn").hidden = true;
  notice("");
  $("login").hidden = false;
  $("login-error").textContent = message;
  $("token").value = "";
  $("token").focus();
}

async function begin() {
  stop();
  const mine = session;
  $("login").hidden = true;
  $("signout").hidden = !token;
  try {
    await loadAll();
  } catch (error) {
    if (mine !== session) return;
    if (error instanceof AuthError) return fail(error);
    notice("Could not reach the server: " + error.message);
  }
  if (mine !== session) return;
  $("board").hidden = false;
  listen(mine);
}

function tokenFromAddress() {
  const match = /^#(?:.*&)?token=([^&]*)/.exec(location.hash);
  if (!match) return null;
  // Out of the address bar (and so out of history, bookmarks and screen shares) at once.
  history.replaceState(history.state, "", location.pathname + location.search);
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function signIn(value) {
  token = value;
  try {
    sessionStorage.setItem(KEY, value);
  } catch {
    // kept in memory only
  }
  begin();
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  const value = $("token").value.trim();
  if (value) signIn(value);
});
$("signout").addEventListener("click", () => ask(""));
$("close").addEventListener("click", () => $("history").close());
$("d-run").addEventListener("click", historyAction("run"));
$("d-pause").addEventListener("click", historyAction("toggle"));
$("history").addEventListener("close", () => {
  openId = null;
  // The close event comes a task after Escape: a Tab pressed in between has moved the focus on,
  // and taking it back would undo that. Only a focus left nowhere (or in the dialog) goes back.
  const at = document.activeElement;
  if (opener?.isConnected && (at === null || at === document.body || $("history").contains(at))) opener.focus();
  opener = null;
});
// A click on the backdrop (outside the dialog's box) closes it.
$("history").addEventListener("click", (e) => {
  const r = e.currentTarget.getBoundingClientRect();
  if (e.target === e.currentTarget && (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom))
    e.currentTarget.close();
});
setInterval(tick, 1000);

const fromAddress = tokenFromAddress();
let kept = null;
try {
  kept = sessionStorage.getItem(KEY);
} catch {
  // no storage: only the address or the form
}
// The page's title (adminApp's `title` option) is its heading too.
$("title").textContent = document.title;
if (fromAddress || kept) signIn(fromAddress || kept);
else begin();
