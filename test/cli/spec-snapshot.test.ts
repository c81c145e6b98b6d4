// snapshotSpec: a spec module's export read once into plain data; a throwing getter or proxy trap
// becomes a SnapshotError naming the field; "__proto__" stays data; cycles and depth are no problem.
import { describe, expect, it } from "vitest";
import { SnapshotError, snapshotSpec } from "../../src/cli/spec-snapshot.ts";

const failure = (value: unknown) => {
  try {
    snapshotSpec(value);
  } catch (e) {
    expect(e).toBeInstanceOf(SnapshotError);
    return e as SnapshotError;
  }
  throw new Error("expected snapshotSpec to throw");
};

describe("snapshotSpec", () => {
  it("copies getters into data, leaving primitives, functions and typed arrays as they are", () => {
    const f = () => 1;
    const typed = new Float32Array(2);
    const spec = { get name() { return "n"; }, layers: [{ units: 2, f, typed }], n: null };
    const copy = snapshotSpec(spec) as typeof spec;
    expect(copy).toEqual({ name: "n", layers: [{ units: 2, f, typed }], n: null });
    expect(Object.getOwnPropertyDescriptor(copy, "name")).toMatchObject({ value: "n" });
    expect(copy.layers[0].typed).toBe(typed);
    expect(snapshotSpec(5)).toBe(5);
  });

  it("keeps __proto__ an own key, never a prototype", () => {
    const copy = snapshotSpec(JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps cycles and shared objects, and any depth", () => {
    const shared = { units: 1 };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const copy = snapshotSpec(cyclic) as Record<string, unknown>;
    expect(copy.self).toBe(copy);
    expect(copy.a).toBe(copy.b);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => snapshotSpec(deep)).not.toThrow();
  });

  it.each([
    ["a getter", { layers: [{}, { get units(): number { throw new Error("x"); } }] }, ["layers", 1, "units"]],
    ["a proxy whose ownKeys throws", { nodes: new Proxy({}, { ownKeys() { throw new Error("x"); } }) }, ["nodes"]],
    ["a revoked proxy", (() => { const p = Proxy.revocable({}, {}); p.revoke(); return { inputs: p.proxy }; })(), ["inputs"]],
    ["the root's getter", { get name(): string { throw new Error("x"); } }, ["name"]],
  ])("names the field when %s throws", (_what, spec, path) => {
    expect(failure(spec).path).toEqual(path);
  });
});
