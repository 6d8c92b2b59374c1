import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { stopIfAborted, whenFree } from "./call.ts";
import { KV_LIMITS, type DenoKv, type DenoKvKey, type DenoKvKeyPart } from "./kv.ts";
import { asLease, committed } from "./lease.ts";

/** One key to take: where it lives and the holder value to write. */
export interface Wanted {
  readonly key: DenoKvKey;
  readonly holder: string;
}

/** How often a batch is re-read and retried when its commit found a key changed meanwhile. */
const ATTEMPTS = 4;
/** Key bytes one commit may carry (each key is counted twice, by its check and its set), with room to spare. */
const PART_KEY_BYTES = KV_LIMITS.keyBytes / 2 - 4_096;

const encoder = new TextEncoder();

/** An upper bound of the bytes Deno KV's encoding of `key` takes (a tag and a terminator per part). */
export function keyBytes(key: DenoKvKey): number {
  let bytes = 0;
  for (const part of key) bytes += 2 + partBytes(part);
  return bytes;
}

function partBytes(part: DenoKvKeyPart): number {
  // Zero bytes are escaped as two: counting every byte twice is the safe bound for strings and bytes.
  if (typeof part === "string") return 2 * encoder.encode(part).length;
  if (part instanceof Uint8Array) return 2 * part.length;
  if (typeof part === "bigint") return 2 + part.toString(16).length;
  return 9;
}

/** Splits `wanted` into runs that each fit one atomic commit (at most 100 checks, ~40 KB of keys). */
export function commitParts<T extends Wanted>(wanted: readonly T[]): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let bytes = 0;
  for (const item of wanted) {
    const size = keyBytes(item.key);
    if (part.length > 0 && (part.length === KV_LIMITS.checks || bytes + size > PART_KEY_BYTES)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/**
 * Takes every free key of `part` in one atomic commit: reads them (`getMany`, 10 a call, in
 * parallel), then commits, for each key found absent or expired, a check of the versionstamp
 * read and a set with `expireIn`. A key found held by a live value is answered null. When the
 * commit fails (a key changed since it was read), everything undecided is read again, up to
 * {@link ATTEMPTS} times. Answers, per key, the versionstamp of the commit that took it, or null.
 */
export async function takePart(kv: DenoKv, part: readonly Wanted[], ttlMs: number, clock: Clock, signal: AbortSignal, owner: string): Promise<Array<string | null>> {
  const answers: Array<string | null> = part.map(() => null);
  let open = part.map((_, i) => i);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const read = await readAll(kv, open.map((i) => (part[i] as Wanted).key), owner, clock, signal);
    const now = clock.now();
    const take: Array<{ index: number; versionstamp: string | null }> = [];
    read.forEach((entry, n) => {
      const index = open[n] as number;
      if (entry.versionstamp === null) return void take.push({ index, versionstamp: null });
      const lease = asLease(entry.value);
      if (lease === null) {
        throw new SchedulerError("LockerFailed", `${owner}: key ${show(part[index]?.key)} holds a value that is not an isocron lock`);
      }
      // Ours already: an earlier commit of this same call landed though its answer was lost.
      if (lease.holder === part[index]?.holder) answers[index] = entry.versionstamp;
      else if (lease.expiresAt <= now) take.push({ index, versionstamp: entry.versionstamp });
    });
    if (take.length === 0) return answers;
    stopIfAborted(signal);
    const result = committed(await whenFree(() => {
      let op = kv.atomic();
      for (const { index, versionstamp } of take) {
        const { key, holder } = part[index] as Wanted;
        op = op.check({ key, versionstamp }).set(key, { holder, expiresAt: now + ttlMs }, { expireIn: ttlMs });
      }
      return op.commit();
    }, clock, signal));
    if (result === undefined) throw new SchedulerError("LockerFailed", `${owner}: the KV answered a commit with neither ok: true and a versionstamp nor ok: false`);
    if (result !== null) {
      for (const { index } of take) answers[index] = result;
      return answers;
    }
    open = take.map((t) => t.index); // the rest were held by live values: still held
  }
  throw new SchedulerError("LockerFailed", `${owner}: the keys kept changing while being taken (${ATTEMPTS} attempts)`);
}

/** `getMany` in slices of Deno KV's 10 keys a call, all at once. */
async function readAll(kv: DenoKv, keys: DenoKvKey[], owner: string, clock: Clock, signal: AbortSignal): Promise<Array<{ value: unknown; versionstamp: string | null }>> {
  const slices: DenoKvKey[][] = [];
  for (let at = 0; at < keys.length; at += KV_LIMITS.getMany) slices.push(keys.slice(at, at + KV_LIMITS.getMany));
  const read = await Promise.all(slices.map((slice) => whenFree(() => kv.getMany(slice), clock, signal)));
  const entries = read.flat();
  if (!read.every((r, i) => Array.isArray(r) && r.length === slices[i]?.length) || !entries.every(isEntry)) {
    throw new SchedulerError("LockerFailed", `${owner}: the KV answered getMany with something other than one entry per key`);
  }
  return entries;
}

function isEntry(entry: unknown): entry is { value: unknown; versionstamp: string | null } {
  if (entry === null || typeof entry !== "object") return false;
  const { versionstamp } = entry as { versionstamp?: unknown };
  return versionstamp === null || typeof versionstamp === "string";
}
