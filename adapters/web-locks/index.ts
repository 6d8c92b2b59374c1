export { WebLocksElector } from "./elector.ts";
export type { WebLocksElectorOptions, WebLocksManager } from "./elector.ts";
