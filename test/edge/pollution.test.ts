// JSON with prototype-pollution keys ("__proto__", "constructor", "prototype") does not affect the
// compiler. The specs are JSON text parsed the way the CLI parses files (JSON.parse creates own
// "__proto__" properties, unlike an object literal). Where such a key is a user name (an input,
// target or node) it is an ordinary name, kept exactly; anywhere else it is an unknown key. Either
// way Object.prototype, Array.prototype and Function.prototype are unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, SpecError, validateSpec } from "../../src/index.ts";
import { parseSpecJson } from "../../src/spec/json.ts";
import { loadModule } from "../support/load-module.ts";

const snapshot = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) =>
    Object.getOwnPropertyNames(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)]),
  );
let before: ReturnType<typeof snapshot>;
beforeAll(() => void (before = snapshot()));
afterAll(() => {
  expect(snapshot()).toEqual(before);
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  expect(([] as unknown as { polluted?: unknown }).polluted).toBeUndefined();
});

const POLLUTE = `{ "polluted": true, "units": -1, "type": "relu", "toString": "x" }`;
const base = (extra: string, layer = "") => `{
  "name": "p",
  "inputs": { "x": [3] },
  "targets": { "y": [2] },
  "layers": [{ "type": "dense", "units": 2${layer} }],
  "loss": { "type": "mse" }${extra}
}`;

/** Specs with a pollution key where only spec keys are allowed: each is refused, naming the key. */
const REFUSED: [string, string, string][] = [
  ["__proto__ at the root", base(`, "__proto__": ${POLLUTE}`), "__proto__"],
  ["constructor.prototype at the root", base(`, "constructor": { "prototype": ${POLLUTE} }`), "constructor"],
  ["__proto__ in a layer", base("", `, "__proto__": ${POLLUTE}`), "layers[0].__proto__"],
  ["constructor in a layer", base("", `, "constructor": { "prototype": ${POLLUTE} }`), "layers[0].constructor"],
  ["prototype in a layer", base("", `, "prototype": ${POLLUTE}`), "layers[0].prototype"],
  ["__proto__ in the loss", base("").replace(`"type": "mse" }`, `"type": "mse", "__proto__": ${POLLUTE} }`), "loss.__proto__"],
  ["__proto__ in the optimizer", base(`, "optimizer": { "type": "sgd", "__proto__": ${POLLUTE} }`), "optimizer.__proto__"],
  // an object is read as { shape, dtype } (issue 16): it lacks "shape", and "__proto__" is an unknown key
  ["__proto__ as a shape", base("").replace(`"x": [3]`, `"x": { "__proto__": [3] }`), "inputs.x.shape"],
  ["__proto__ shape with bad dims", base("").replace(`"x": [3]`, `"__proto__": [0]`), `inputs.__proto__[0]`],
];

/** Pollution keys as user names: valid, and kept. */
const ACCEPTED: [string, string, { inputs: string[]; targets: string[]; params: string[] }][] = [
  [
    "input and target named __proto__ / constructor",
    `{ "name": "__proto__", "inputs": { "__proto__": [3] }, "targets": { "constructor": [2] },
       "layers": [{ "type": "dense", "name": "prototype", "units": 2 }], "loss": { "type": "mse" } }`,
    { inputs: ["__proto__"], targets: ["constructor"], params: ["prototype.kernel", "prototype.bias"] },
  ],
  [
    "graph nodes named __proto__, constructor, prototype, hasOwnProperty",
    `{ "name": "g", "inputs": { "x": [3] }, "targets": { "y": [2] },
       "nodes": {
         "__proto__": { "type": "dense", "input": "x", "units": 4, "activation": "tanh" },
         "constructor": { "type": "dense", "input": "__proto__", "units": 4 },
         "prototype": { "type": "add", "inputs": ["__proto__", "constructor"] },
         "hasOwnProperty": { "type": "dense", "input": "prototype", "units": 2 }
       },
       "output": "hasOwnProperty", "loss": { "type": "mse", "target": "y" } }`,
    {
      inputs: ["x"],
      targets: ["y"],
      params: ["__proto__.kernel", "__proto__.bias", "constructor.kernel", "constructor.bias", "hasOwnProperty.kernel", "hasOwnProperty.bias"],
    },
  ],
];

describe("prototype-pollution keys in spec JSON", () => {
  it.each(REFUSED)("%s: refused, naming %s", async (_label, text, path) => {
    const spec = parseSpecJson(text, "spec.json");
    await expect(compile(spec)).rejects.toThrow(SpecError);
    expect(() => validateSpec(spec)).toThrow(expect.objectContaining({ path }));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each(ACCEPTED)("%s: ordinary names", async (_label, text, names) => {
    const spec = parseSpecJson(text, "spec.json");
    const { code, layout } = await compile(spec);
    expect(layout.inputs.map((v) => v.name)).toEqual(names.inputs);
    expect(layout.targets.map((v) => v.name)).toEqual(names.targets);
    expect(layout.params.map((p) => p.name)).toEqual(names.params);
    const module = await loadModule(code);
    expect(module.layout.inputs.map((v) => v.name)).toEqual(names.inputs);
    const model = new module.Model({ seed: 1 });
    expect(Number.isFinite(model.trainStep(new Float32Array(96).fill(0.5), new Float32Array(64).fill(0.25)))).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
