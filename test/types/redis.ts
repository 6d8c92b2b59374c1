// A consumer of "isocron/redis": the lockers and electors over a structural client (no Redis
// package needed to type-check), lockMany, and the error code. Checked in every cell of
// test/types/run.mjs, including a project with neither DOM nor Node types.
import { type Lock, type Locker, Scheduler, SchedulerError, type SchedulerErrorCode } from "isocron";
import { type IoRedisClient, type NodeRedisClient, RedisElector, type RedisElectorOptions, RedisLocker, type RedisLockerOptions, type SendCommand } from "isocron/redis";

declare const nodeRedis: NodeRedisClient;
declare const ioredis: IoRedisClient;
declare const bun: { send(command: string, args: string[]): Promise<unknown> };
declare const send: SendCommand;

export async function redis(): Promise<void> {
  const options: RedisLockerOptions = { client: nodeRedis, prefix: "{isocron}:lock:", ttlMs: 60_000, timeoutMs: 2_000 };
  const locker: Locker = new RedisLocker(options);
  const batch: (Lock | null)[] = await new RedisLocker({ client: bun }).lockMany(["a@1", "b@1"], { ttlMs: 1_000, holder: "node-a" });
  const electorOptions: RedisElectorOptions = { client: ioredis, key: "leader", ttlMs: 15_000, checkMs: 5_000, marginMs: 3_000 };
  await using elector = new RedisElector(electorOptions);
  const id: string = elector.instanceId;
  const scheduler = new Scheduler({ locker, elector: new RedisElector({ send }) });
  // @ts-expect-error: a string is not a client
  new RedisLocker({ client: "redis://localhost:6379" });
  try {
    new RedisLocker({ send });
  } catch (error) {
    if (error instanceof SchedulerError) {
      const code: SchedulerErrorCode = "RedisOptionsInvalid";
      void [code === error.code];
    }
  }
  void [batch, id, scheduler];
}
