export { DenoKvLocker, type DenoKvLockerOptions } from "./locker.ts";
export { DenoKvElector, type DenoKvElectorOptions } from "./elector.ts";
export type { DenoKv, DenoKvAtomic, DenoKvEntryMaybe, DenoKvKey, DenoKvKeyPart } from "./kv.ts";
