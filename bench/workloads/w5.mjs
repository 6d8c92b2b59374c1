// W5: distributed cost through the Upstash adapter, against a real redis-server behind the
// test suite's Upstash-REST proxy. Runs in the parent; each instance is its own process.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bundleW5 } from "../lib/w5-bundle.mjs";
import { sleepUntil } from "../lib/measure.mjs";

const instancePath = fileURLToPath(new URL("../w5-instance.mjs", import.meta.url));
const sleep = (ms) => sleepUntil(Date.now() + ms);

function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Forks one instance with its own proxy token (so its commands are counted apart). */
function startInstance(ctx, mode, jobs) {
  const { token } = ctx.proxy.newClient();
  const config = { bundle: ctx.bundle, url: ctx.proxy.url, token, mode, jobs, ttlMs: ctx.ttlMs };
  const child = fork(instancePath, [JSON.stringify(config)], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => void (stderr = (stderr + chunk).slice(-2000)));
  const inst = { token, child, ran: [], commands: () => ctx.proxy.commandsOf(token) };
  let onReady;
  let onResult;
  const exited = new Promise((_, reject) => {
    child.on("exit", (code, signal) => reject(new Error(`a W5 instance exited (${code ?? signal}) early: ${stderr.trim().slice(-500)}`)));
  });
  exited.catch(() => undefined);
  inst.ready = Promise.race([new Promise((resolve) => (onReady = resolve)), exited]);
  inst.result = Promise.race([new Promise((resolve) => (onResult = resolve)), exited]);
  inst.result.catch(() => undefined);
  child.on("message", (m) => {
    if (m.type === "ready") onReady(m);
    else if (m.type === "ran") inst.ran.push(m);
    else if (m.type === "result") onResult(m);
  });
  inst.stop = () => (child.connected && child.send({ type: "stop" }), within(inst.result, 15_000, "instance shutdown"));
  ctx.instances.push(inst);
  return inst;
}

const byName = (commands) => {
  const counts = {};
  for (const c of commands) counts[c[0].toUpperCase()] = (counts[c[0].toUpperCase()] ?? 0) + 1;
  return counts;
};

/** Three instances, `jobs` jobs each second: commands per occurrence and per due instant, and exactly-once. */
async function lockerPhase(ctx, seconds, jobs) {
  const instances = [0, 1, 2].map(() => startInstance(ctx, "locker", jobs));
  const ready = await within(Promise.all(instances.map((i) => i.ready)), 20_000, "locker instances start");
  const t0 = Math.ceil((Math.max(...ready.map((r) => r.at)) + 500) / 1000) * 1000;
  const t1 = t0 + seconds * 1000;
  await sleepUntil(t1 + 1000);
  const results = await Promise.all(instances.map((i) => i.stop()));
  const perOccurrence = new Map();
  for (const r of results) {
    for (const [key, count] of r.runs) {
      const at = Number(key.split("@")[1]);
      if (at >= t0 && at < t1) perOccurrence.set(key, (perOccurrence.get(key) ?? 0) + count);
    }
  }
  const expected = jobs * seconds;
  const counts = [...perOccurrence.values()];
  return {
    instances: instances.length,
    jobs,
    seconds,
    occurrences: expected,
    ran: counts.reduce((a, b) => a + b, 0),
    missed: expected - counts.length,
    doubled: counts.filter((c) => c > 1).length,
    perInstance: instances.map((inst, k) => {
      const commands = inst.commands();
      const { lockCalls, instants } = results[k];
      return {
        lockCalls, instants, commands: commands.length, byCommand: byName(commands),
        perOccurrence: lockCalls > 0 ? commands.length / lockCalls : null,
        perInstant: instants > 0 ? commands.length / instants : null,
      };
    }),
  };
}

/** Two instances, `jobs` jobs each second: commands per minute for leader and follower; failover. */
async function electorPhase(ctx, jobs, seconds, failover) {
  const leader = startInstance(ctx, "elector", jobs);
  await within(leader.ready, 20_000, "leader start");
  await within(new Promise((resolve) => {
    const poll = setInterval(() => leader.ran.length > 0 && (clearInterval(poll), resolve()), 20);
  }), 10_000, "the first instance leading");
  const follower = startInstance(ctx, "elector", jobs);
  await within(follower.ready, 20_000, "follower start");
  await sleep(500);
  const c0 = [leader.commands().length, follower.commands().length];
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const t1 = Date.now();
  const c1 = [leader.commands().length, follower.commands().length];
  const perMinute = (k) => ((c1[k] - c0[k]) / (t1 - t0)) * 60_000;
  const result = {
    jobs,
    seconds,
    ttlMs: ctx.ttlMs,
    leaderPerMinute: perMinute(0),
    followerPerMinute: perMinute(1),
    followerRunsWhileLeaderAlive: follower.ran.filter((m) => m.at >= t0 && m.at < t1).length,
    failoverMs: null,
  };
  if (failover) {
    const killedAt = Date.now();
    leader.child.kill("SIGKILL");
    const first = await within(new Promise((resolve) => {
      const poll = setInterval(() => {
        const m = follower.ran.find((r) => r.at > killedAt);
        if (m) clearInterval(poll), resolve(m);
      }, 10);
    }), ctx.ttlMs + 15_000, "failover");
    result.failoverMs = first.at - killedAt;
  } else {
    await leader.stop();
  }
  await follower.stop();
  return result;
}

export async function run({ seconds, ttlMs = 3000, electorJobs = [10, 1000], log = () => {} }) {
  const bundle = await bundleW5();
  if (bundle.missing) return { skipped: `not there yet: ${bundle.missing.join(", ")}` };
  const ctx = { bundle: bundle.file, ttlMs, instances: [], proxy: null };
  let redis;
  try {
    const { startRedisServer, startUpstashProxy } = await import(bundle.file);
    redis = await startRedisServer();
    ctx.proxy = await startUpstashProxy(redis.port);
    log("W5 locker: 3 instances, 10 jobs");
    const locker = await lockerPhase(ctx, seconds, 10);
    log("W5 locker: 3 instances, 100 jobs due each second");
    const batch = await lockerPhase(ctx, seconds, 100);
    const elector = [];
    for (const [k, jobs] of electorJobs.entries()) {
      const last = k === electorJobs.length - 1;
      log(`W5 elector: 2 instances, ${jobs} jobs${last ? ", then the leader is killed" : ""}`);
      elector.push(await electorPhase(ctx, jobs, seconds, last));
    }
    return { locker, batch, elector };
  } finally {
    for (const inst of ctx.instances) if (inst.child.exitCode === null) inst.child.kill("SIGKILL");
    await ctx.proxy?.stop();
    await redis?.stop();
    await bundle.dispose();
  }
}
