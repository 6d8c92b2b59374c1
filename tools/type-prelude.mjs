// The few global types isocron's declarations name that not every consumer's `lib` has, made
// safe for all of them: a browser or Worker project (lib ES2022 + DOM, no @types/node), a Node
// project (ES2022 + @types/node), and one with `lib: esnext` and no DOM, all without
// `skipLibCheck`. Checked by the consumer matrix in test/types/.

/**
 * Explicit resource management (`await using`, `Symbol.asyncDispose`) is in lib
 * esnext.disposable and @types/node, not in ES2022: declared exactly as @types/node does, so the
 * declarations merge with either, and `await using scheduler = new Scheduler()` type-checks in
 * a browser or Worker project too (the runtimes isocron supports all have the symbol).
 */
const disposable = `declare global {
    interface SymbolConstructor {
        readonly dispose: unique symbol;
        readonly asyncDispose: unique symbol;
    }
    interface Disposable {
        [Symbol.dispose](): void;
    }
    interface AsyncDisposable {
        [Symbol.asyncDispose](): PromiseLike<void>;
    }
}`;

/**
 * \`AbortSignal\` is in DOM and @types/node but not in a bare ES lib. A module-local alias to the
 * runtime's own type where there is one (so a real signal is accepted as is), else to the part
 * isocron uses.
 */
const abortSignal = `/** The runtime's \`AbortSignal\`; where the project's lib has none, the part isocron uses. */
type AbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer T } } ? T : {
    readonly aborted: boolean;
    readonly reason: unknown;
    addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: "abort", listener: () => void): void;
};`;

/** `text` (one bundled entry's declarations) with the global types it needs declared. */
export function typePrelude(name, text) {
  const blocks = [];
  if (name === "index") blocks.push(disposable);
  if (/\bAbortSignal\b/.test(text)) blocks.push(abortSignal);
  if (blocks.length === 0) return text;
  const lines = text.split("\n");
  let at = 1;
  while (at < lines.length && lines[at].startsWith("import ")) at++;
  lines.splice(at, 0, ...blocks);
  return lines.join("\n");
}
