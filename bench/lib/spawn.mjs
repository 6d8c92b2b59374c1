// Runs one peer on one workload in its own Node process and collects what it reports.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const childPath = fileURLToPath(new URL("../child.mjs", import.meta.url));

/**
 * Resolves with `{ status, result?, progress?, message?, elapsedMs }`. status is "ok", "error"
 * (the child threw), "timeout" (killed after `timeoutMs`), "oom" (ran out of heap) or "crashed".
 * `progress` is the last progress message, so a timeout still says how far the child got.
 */
export function runChild({ peer, workload, params, timeoutMs, env = {}, maxHeapMb = 3072 }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = fork(childPath, [peer, workload, JSON.stringify(params)], {
      // --no-memory-reducer: the heap figures force full collections, and V8 answers each one by
      // scheduling more full collections about 8 s later, inside the lateness and idle windows.
      // Without the flag, every peer's figures would include a collection our measuring caused.
      execArgv: ["--expose-gc", "--no-memory-reducer", `--max-old-space-size=${maxHeapMb}`],
      env: { ...process.env, ...env },
      // stdout is dropped (some peers log every missed run); the stderr tail explains crashes.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderrTail = "";
    let progress;
    let outcome;
    child.stderr.on("data", (chunk) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    child.on("message", (message) => {
      if (message.type === "progress") progress = { ...progress, ...message };
      else outcome = message;
    });
    const timer = setTimeout(() => {
      outcome ??= { type: "timeout" };
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const elapsedMs = Date.now() - started;
      if (outcome?.type === "result") return resolve({ status: "ok", result: outcome.result, progress, elapsedMs });
      if (outcome?.type === "error") return resolve({ status: "error", message: outcome.message, progress, elapsedMs });
      if (outcome?.type === "timeout") return resolve({ status: "timeout", progress, elapsedMs });
      const oom = /heap out of memory|Allocation failed/i.test(stderrTail);
      const tail = stderrTail.trim().split("\n").slice(-3).join(" | ");
      resolve({ status: oom ? "oom" : "crashed", message: `exit ${code ?? signal}: ${tail}`, progress, elapsedMs });
    });
  });
}
