// W2: many daily jobs at spread-out times of day; registration rate, heap per job, idle CPU.
import { cpuMsSince, cpuPercent, registerAndStart, sleepUntil } from "../lib/measure.mjs";

/**
 * The time of day (seconds since midnight) of job i. 7919 is prime and shares no factor with
 * 86,400, so the first 86,400 jobs get distinct seconds, spread over the whole day.
 */
export const secondOfDay = (i) => (i * 7919) % 86_400;

export async function run({ peerModule, params, progress }) {
  const { jobs, idleSeconds } = params;
  let fired = 0;
  const task = () => void fired++;
  const peer = await peerModule.createPeer();
  const { registrationMs, registrationPerSec, heapPerJob } = await registerAndStart(peer, jobs, (i) => {
    const s = secondOfDay(i);
    return peer.daily(Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, task);
  }, progress);

  // Let timers armed at registration settle before the idle window.
  await sleepUntil(Date.now() + 500);
  fired = 0;
  const cpu = process.cpuUsage();
  const wall0 = Date.now();
  await sleepUntil(wall0 + idleSeconds * 1000);
  const idleCpuPercent = cpuPercent(cpuMsSince(cpu), Date.now() - wall0);
  const firedWhileIdle = fired;
  await peer.stop();
  return {
    jobs,
    registrationMs,
    registrationPerSec,
    heapPerJob,
    idleSeconds,
    idleCpuPercent,
    firedWhileIdle,
  };
}
