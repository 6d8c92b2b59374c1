// tools/script-tag.mjs shortens the property names in INTERNAL in the script-tag bundle. That is
// safe only for names no user can meet: none may be a member of a public type (reached from
// src/index.ts's exports, through members, parameters and results), nor a built-in's.
import { join } from "node:path";
import ts from "typescript5";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build tool without declarations
import { INTERNAL } from "../../tools/script-tag.mjs";

const internal = INTERNAL as string[];
const root = join(import.meta.dirname, "../..");

/** Every member name of the public API: exported classes' and types' members, followed through their types. */
function publicNames(): Set<string> {
  const program = ts.createProgram([join(root, "src/index.ts")], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true, noEmit: true, strict: true, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(root, "src/index.ts"));
  if (index === undefined) throw new Error("src/index.ts not found");
  const names = new Set<string>();
  const seen = new Set<ts.Type>();
  const isInternal = (symbol: ts.Symbol) => symbol.getJsDocTags().some((tag) => tag.name === "internal")
    || (symbol.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d as ts.Declaration) & ts.ModifierFlags.Private);
  const fromLib = (type: ts.Type) => (type.getSymbol()?.declarations ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const visit = (type: ts.Type): void => {
    if (seen.has(type) || fromLib(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) type.types.forEach(visit);
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
      if (signature.getJsDocTags().some((tag) => tag.name === "internal")) continue;
      for (const parameter of signature.getParameters()) visit(checker.getTypeOfSymbol(parameter));
      visit(signature.getReturnType());
    }
    for (const member of type.getProperties()) {
      if (member.name.startsWith("#") || member.name.startsWith("__") || isInternal(member)) continue;
      names.add(member.name);
      visit(checker.getTypeOfSymbol(member));
    }
    for (const argument of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(argument);
  };
  for (let symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(index) as ts.Symbol)) {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    visit(checker.getDeclaredTypeOfSymbol(symbol));
    if (symbol.valueDeclaration !== undefined) visit(checker.getTypeOfSymbol(symbol));
  }
  return names;
}

/**
 * Member names of the built-ins the core reads (constructors, their prototypes and instances'
 * chains), plus the keys of the plain objects Intl, `document` and an abort signal hand back.
 * A name that only some other built-in has (`Atomics.notify`, `URL#host`) is harmless: the core
 * never reads it from one.
 */
function builtinNames(): Set<string> {
  const names = new Set<string>(
    ("locale calendar numberingSystem timeZone hourCycle hour12 year month day hour minute second era weekday timeZoneName type value " +
      "literal dayPeriod fractionalSecondDigits visibilityState hidden aborted reason onabort port1 port2 onmessage data").split(" "),
  );
  const seen = new Set<unknown>();
  const add = (value: unknown): void => {
    for (let o = value; (typeof o === "object" || typeof o === "function") && o !== null && !seen.has(o); o = Object.getPrototypeOf(o)) {
      seen.add(o);
      for (const key of Object.getOwnPropertyNames(o)) names.add(key);
    }
  };
  const used = [Object, Array, Map, Set, WeakMap, Promise, Date, Error, TypeError, Math, Number, String, RegExp, Reflect, Symbol, JSON,
    Intl, Intl.DateTimeFormat, AbortController, AbortSignal, MessageChannel, EventTarget, WeakRef, FinalizationRegistry, crypto, globalThis];
  for (const value of used) {
    add(value);
    add((value as { prototype?: unknown }).prototype);
  }
  add(new Intl.DateTimeFormat("en-US").resolvedOptions());
  add(new MessageChannel().port1);
  add(new AbortController().signal);
  return names;
}

describe("the script tag's internal property names", () => {
  const pub = publicNames();

  it("reach the public API's member names (the walk works)", () => {
    for (const name of ["history", "runId", "scheduledAt", "isLeader", "lock", "nextRun", "paused", "jobRetrying", "attempt", "hours", "compile"]) {
      expect(pub, name).toContain(name);
    }
  });

  it("are none of them, and no built-in's", () => {
    const builtins = builtinNames();
    expect(internal.filter((name) => pub.has(name))).toEqual([]);
    expect(internal.filter((name) => builtins.has(name))).toEqual([]);
    expect(new Set(internal).size).toBe(internal.length);
  });
});
