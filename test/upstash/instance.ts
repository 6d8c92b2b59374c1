/**
 * One instance of the Upstash multi-process test (bundled by test/support/fleet.ts, run by
 * plain Node; not a test file): an UpstashLocker (jobs lock-a, lock-b) and an UpstashElector
 * (jobs lead-a, lead-b), each on an @upstash/redis client with its own token (so the proxy
 * counts each one's commands), run by test/support/fleet-instance.ts.
 */
import { Redis } from "@upstash/redis";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { fleetConfig, runFleetInstance, skewedClock } from "../support/fleet-instance.ts";

const config = fleetConfig<{ url: string; lockerToken: string; electorToken: string }>();
const client = (token: string) => new Redis({ url: config.url, token, enableTelemetry: false });
runFleetInstance(config, {
  clock: skewedClock(config.offsetMs),
  locker: new UpstashLocker({ redis: client(config.lockerToken) }),
  elector: new UpstashElector({ redis: client(config.electorToken), instanceId: `${config.name}-${process.pid}`, ...config.lease }),
  lockJobs: ["lock-a", "lock-b"],
  leadJobs: ["lead-a", "lead-b"],
});
