/**
 * One instance of the chaos test (bundled by test/support/fleet.ts, run by plain Node; not a
 * test file): an UpstashLocker (job lock) and an UpstashElector (job lead) talking to Upstash
 * through the fault proxy, run by test/support/fleet-instance.ts (SIGTERM: the README's
 * graceful stop).
 */
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { fleetConfig, runFleetInstance, skewedClock } from "../support/fleet-instance.ts";

const config = fleetConfig<{ url: string; token: string; timeoutMs: number }>();
const clock = skewedClock(config.offsetMs);
const connection = { url: config.url, token: config.token, timeoutMs: config.timeoutMs };
runFleetInstance(config, {
  clock,
  locker: new UpstashLocker({ ...connection, clock }),
  elector: new UpstashElector({ ...connection, ...config.lease, instanceId: `${config.name}-${process.pid}`, clock }),
  lockJobs: ["lock"],
  leadJobs: ["lead"],
});
