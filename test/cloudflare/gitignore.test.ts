import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";

/** Whether git ignores `path` in this checkout (`git check-ignore` exits 0 when it does). */
function ignored(path: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "--no-index", "-q", path], { stdio: "ignore" });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 1) return false;
    throw error;
  }
}

describe(".gitignore keeps local Worker secrets out of git", () => {
  test.each([".dev.vars", ".dev.vars.production", "worker/.dev.vars"])("%s is ignored (it holds API_TOKEN)", (path) => {
    expect(ignored(path)).toBe(true);
  });

  test("a .dev.vars.example template stays tracked", () => {
    expect(ignored(".dev.vars.example")).toBe(false);
  });
});
