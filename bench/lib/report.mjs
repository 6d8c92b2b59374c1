// Turns the collected runs into the printed tables (markdown, one per workload).
import { int, kb, late, ms, pct, rate, size, table } from "./format.mjs";

/** Why a child gave no result, with how far it got. */
function failure(run) {
  const p = run.progress;
  const got = p?.done ? `, registered ${int(p.done)} of ${int(run.params.jobs)} in ${ms(p.elapsedMs / 1000)} s` : "";
  const heap = p?.done && p.heapUsed ? `, ~${kb(p.heapUsed / p.done)}/job` : "";
  if (run.status === "timeout") return `timeout after ${ms(run.elapsedMs / 1000)} s${p?.phase === "window" ? " (in the window)" : got}`;
  if (run.status === "oom") return `out of memory${got}${heap}`;
  return `${run.status}: ${(run.message ?? "").split("\n")[0].slice(0, 120)}`;
}

function w1(runs) {
  const rows = runs.map((r) => {
    const x = r.result;
    if (!x) return [int(r.params.jobs), r.label, failure(r), "", "", "", "", "", "", ""];
    return [
      int(x.jobs), r.label, `${int(x.wall.fired)} / ${int(x.expected)}`, int(x.wall.missed), int(x.wall.doubled),
      late(x.wall), x.due ? `${late(x.due)}${x.due.missed || x.due.doubled ? ` (${int(x.due.missed)} missed, ${int(x.due.doubled)} doubled)` : ""}` : "not reported",
      pct(x.cpuPercent), kb(x.heapPerJob), rate(x.registrationPerSec),
    ];
  });
  const header = ["jobs", "scheduler", "fired / expected", "missed", "doubled", "late p50 / p99 / max, ms (second boundary)", "late p50 / p99 / max, ms (scheduler's due instant)", "CPU", "heap / job", "registration"];
  return `### W1: jobs firing every second (${runs[0]?.params.seconds} s window)\n\n${table(header, rows)}`;
}

function w2(runs) {
  const rows = runs.map((r) => {
    const x = r.result;
    if (!x) return [r.label, failure(r), "", "", ""];
    return [r.label, rate(x.registrationPerSec), kb(x.heapPerJob), pct(x.idleCpuPercent), int(x.firedWhileIdle)];
  });
  const jobs = int(runs[0]?.params.jobs);
  const idle = runs[0]?.params.idleSeconds;
  return `### W2: ${jobs} daily jobs at spread times of day (idle CPU over ${idle} s)\n\n${table(["scheduler", "registration", "heap / job", "idle CPU", "fired while idle"], rows)}`;
}

function w3(runs) {
  const rows = runs.map((r) => {
    const x = r.result;
    if (!x) return [r.label, failure(r), "", ""];
    const n = x.nextRuns;
    const next = !n ? "no API" : n.jobsAsked < x.jobs ? `~${ms(n.ms)} (extrapolated from ${int(n.jobsAsked)} jobs)` : ms(n.ms);
    return [r.label, rate(x.registrationPerSec), kb(x.heapPerJob), next];
  });
  return `### W3: ${int(runs[0]?.params.jobs)} cron jobs over 1,000 expressions, 1 in 5 in a named zone\n\n${table(["scheduler", "registration", "heap / job", "nextRuns(10) for all, ms"], rows)}`;
}

function w4(run) {
  if (!run.result) return `### W4: bundle sizes\n\n${failure(run)}`;
  const rows = run.result.rows.map((r) => [
    r.entry, size(r.min), size(r.gz), r.nodeImports?.length ? `needs ${r.nodeImports.join(", ")}` : "",
  ]);
  return `### W4: bundle sizes (esbuild, minified, gzip -9)\n\n${table(["bundle", "min", "min + gz", "note"], rows)}`;
}

function w5(run) {
  const x = run.result;
  if (!x) return `### W5: distributed cost (Upstash adapter)\n\n${failure(run)}`;
  if (x.skipped) return `### W5: distributed cost (Upstash adapter)\n\nskipped: ${x.skipped}`;
  const l = x.locker;
  const perOcc = l.perInstance.map((i) => (i.perOccurrence ?? 0).toFixed(2)).join(" / ");
  const kinds = [...new Set(l.perInstance.flatMap((i) => Object.keys(i.byCommand)))].join(", ");
  const rows = [
    [`locker: Redis commands per occurrence, per instance (${l.instances} instances, ${l.jobs} jobs, ${l.seconds} s)`, `${perOcc} (${kinds})`],
    ["locker: occurrences run / expected (missed, doubled)", `${int(l.ran)} / ${int(l.occurrences)} (${int(l.missed)}, ${int(l.doubled)})`],
    ...(x.batch ? [
      [`locker: Redis commands per instance per due instant (${x.batch.instances} instances, ${x.batch.jobs} every-second jobs, ${x.batch.seconds} s)`,
        x.batch.perInstance.map((i) => (i.perInstant ?? 0).toFixed(2)).join(" / ")],
      [`locker, ${x.batch.jobs} jobs: occurrences run / expected (missed, doubled)`, `${int(x.batch.ran)} / ${int(x.batch.occurrences)} (${int(x.batch.missed)}, ${int(x.batch.doubled)})`],
    ] : []),
    ...x.elector.map((e) => [
      `elector: commands per minute with ${int(e.jobs)} jobs, leader / follower (TTL ${ms(e.ttlMs / 1000)} s)`,
      `${ms(e.leaderPerMinute)} / ${ms(e.followerPerMinute)}${e.followerRunsWhileLeaderAlive ? ` (follower ran ${e.followerRunsWhileLeaderAlive} times!)` : ""}`,
    ]),
    ...x.elector.filter((e) => e.failoverMs !== null).map((e) => [`elector: failover after the leader is killed (TTL ${ms(e.ttlMs / 1000)} s)`, `${ms(e.failoverMs)} ms`]),
  ];
  return `### W5: distributed cost (Upstash adapter, real redis-server behind the test proxy)\n\n${table(["figure", "isocron"], rows)}`;
}

/** The whole printed report. */
export function render(results) {
  const by = (w) => results.runs.filter((r) => r.workload === w);
  const parts = [];
  if (by("W1").length) {
    const sizes = [...new Set(by("W1").map((r) => r.params.jobs))];
    parts.push(w1(sizes.flatMap((n) => by("W1").filter((r) => r.params.jobs === n))));
  }
  if (by("W2").length) parts.push(w2(by("W2")));
  if (by("W3").length) parts.push(w3(by("W3")));
  for (const r of by("W4")) parts.push(w4(r));
  for (const r of by("W5")) parts.push(w5(r));
  return parts.join("\n\n");
}
