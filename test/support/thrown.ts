import { SchedulerError } from "../../src/errors.ts";

/** The code and message of the SchedulerError `make` throws; anything else thrown is rethrown, and not throwing fails. */
export function codeAndMessage(make: () => unknown): [string, string] {
  try {
    make();
  } catch (error) {
    if (error instanceof SchedulerError) return [error.code, error.message];
    throw error;
  }
  throw new Error("expected a SchedulerError");
}
