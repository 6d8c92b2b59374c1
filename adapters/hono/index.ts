export { adminApp } from "./app.ts";
export { describeSchedule } from "./describe.ts";
export type { AdminAuth, AdminOptions, AdminSettings } from "./options.ts";
export type { AdminEvent, AdminJob, AdminJobDetail, AdminSource } from "./source.ts";
