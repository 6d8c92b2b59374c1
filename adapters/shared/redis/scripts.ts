/*
 * The Lua scripts of the Redis lockers and electors, the same whatever carries them (Upstash
 * REST, a TCP client). Each is one command (an EVAL or EVALSHA) and is idempotent, so a resent
 * request after a lost answer changes nothing. Replies are small integers, a token, or an
 * array of 0/1, checked exactly by the callers.
 */

/**
 * Takes the key for ARGV[1] unless another token holds it. Idempotent: when the client resends
 * it (the first answer was lost), it finds its own token and answers the same. Replies the
 * token when the lock is ours, 0 when another holds it.
 */
export const ACQUIRE = `local held = redis.call("GET", KEYS[1])
if held == ARGV[1] then return ARGV[1] end
if held then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return ARGV[1]`;

/**
 * {@link ACQUIRE} for every key of a batch in one command: KEYS[i] gets token ARGV[i + 1] for
 * ARGV[1] ms. Replies an array with 1 where the key is ours (taken now, or by an earlier send
 * of this same batch: the token is ours) and 0 where another token holds it.
 */
export const ACQUIRE_MANY = `local won = {}
for i, key in ipairs(KEYS) do
  local held = redis.call("GET", key)
  if held == ARGV[i + 1] then won[i] = 1
  elseif held then won[i] = 0
  else redis.call("SET", key, ARGV[i + 1], "PX", ARGV[1]) won[i] = 1 end
end
return won`;

/** Extends the key by ARGV[2] ms only while it still holds this lock's token (ARGV[1]). */
export const EXTEND = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`;

/**
 * {@link EXTEND} for every held key of a locker in one command: KEYS[i] by ARGV[2i] ms while it
 * holds token ARGV[2i - 1]. Replies an array with 1 where extended, 0 where the key is lost.
 */
export const EXTEND_MANY = `local kept = {}
for i, key in ipairs(KEYS) do
  if redis.call("GET", key) == ARGV[2 * i - 1] then kept[i] = redis.call("PEXPIRE", key, ARGV[2 * i]) else kept[i] = 0 end
end
return kept`;

/**
 * Extends the lease when ARGV[1] holds it (1), takes it when free (2), or answers 0. KEYS[2]
 * is a marker without expiry, written with the first lease: taking a free lease while it is
 * missing (3) means Redis lost its data (or never held a lease), so someone may still trust
 * a lease that vanished.
 */
export const RENEW = `local holder = redis.call("GET", KEYS[1])
if holder == ARGV[1] then redis.call("PEXPIRE", KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
if redis.call("SET", KEYS[2], "1", "NX") then return 3 end
return 2`;

/** When ARGV[1] holds the lease, shortens it to ARGV[2] ms (the margin) instead of deleting it. */
export const RELEASE = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call("PTTL", KEYS[1]) > tonumber(ARGV[2]) then redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 1`;
