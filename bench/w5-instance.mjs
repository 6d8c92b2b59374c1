// One W5 instance: a Scheduler with the Upstash locker or elector, `jobs` named jobs firing
// every second, talking to the test proxy. Reports runs to bench/workloads/w5.mjs over IPC.
// argv: <config as JSON> = { bundle, url, token, mode: "locker" | "elector", jobs, ttlMs }
import { pathToFileURL } from "node:url";

const config = JSON.parse(process.argv[2]);
const { Scheduler, cronJob, UpstashLocker, UpstashElector, Redis } = await import(pathToFileURL(config.bundle).href);

const redis = new Redis({ url: config.url, token: config.token, enableTelemetry: false });
let lockCalls = 0;
const instants = new Set(); // the due instants this instance asked locks for
const asked = (key) => {
  lockCalls++;
  instants.add(key.slice(key.lastIndexOf("@") + 1));
};
let coordination;
if (config.mode === "locker") {
  const locker = new UpstashLocker({ redis });
  // Counts the occurrences (and due instants) this instance asked a lock for, one key at a
  // time or a dispatch batch at once (the scheduler uses lockMany when the locker has it).
  coordination = {
    locker: {
      lock: (key, options) => (asked(key), locker.lock(key, options)),
      lockMany: (keys, options) => (keys.forEach(asked), locker.lockMany(keys, options)),
    },
  };
} else {
  coordination = { elector: new UpstashElector({ redis, key: "bench:leader", ttlMs: config.ttlMs }) };
}
const scheduler = new Scheduler(config.mode === "locker" ? { ...coordination, lockTtlMs: config.ttlMs } : coordination);

const runs = new Map(); // "<job>@<scheduledAt>" -> runs here
let lastReport = 0;
for (let j = 0; j < config.jobs; j++) {
  scheduler.newJob(
    cronJob("* * * * * *", { withSeconds: true }),
    ({ scheduledAt }) => {
      const key = `${j}@${scheduledAt.getTime()}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
      const now = Date.now();
      if (now - lastReport >= 200) {
        lastReport = now;
        process.send({ type: "ran", at: now, scheduledAt: scheduledAt.getTime() });
      }
    },
    { name: `bench-job-${j}` },
  );
}
scheduler.start();
process.send({ type: "ready", at: Date.now() });

process.on("message", async (message) => {
  if (message.type !== "stop") return;
  await scheduler.shutdown();
  await coordination.elector?.stop().catch(() => undefined);
  process.send({ type: "result", lockCalls, instants: instants.size, runs: [...runs] }, () => process.exit(0));
});
