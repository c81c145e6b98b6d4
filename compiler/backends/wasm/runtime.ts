// The module-level code a WebAssembly-target module carries: its binary (base64), compiled
// synchronously once per module and instantiated once per Model, and the copy of an input into
// memory. Typed with a local declaration of the little of WebAssembly it uses, so the module still
// type-checks with the ES2022 library alone (no DOM, no Node types) and imports nothing.

/** The TypeScript text; `math`: the binary imports the host's Math; `methods`: the exports it calls. */
export function wasmRuntime(binary: Uint8Array, math: boolean, methods: readonly string[], step: boolean): string {
  const base64 = Buffer.from(binary).toString("base64");
  return `/** The subset of the WebAssembly JavaScript API this module uses (declared here: no DOM or Node types needed). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
};

/** What the WebAssembly instance exports: its memory (which never grows) and the compute methods. */
interface WasmKernels {
  readonly memory: { readonly buffer: ArrayBuffer };
${methods.map((m) => `  ${m}(batch: number): void;`).join("\n")}${step ? "\n  step(): void;" : ""}
}

/** The WebAssembly binary (SIMD128; ${binary.length} bytes), base64. */
const wasmBinary =
  "${base64}";

let wasmCompiled: object | undefined;

/** A new instance (memory of its own) of the binary, compiled on first use. */
function wasmKernels(): WasmKernels {
  wasmCompiled ??= new WebAssembly.Module(decodeBase64(wasmBinary));
  return new WebAssembly.Instance(wasmCompiled, ${math ? "{ Math }" : "{}"}).exports as WasmKernels;
}

function decodeBase64(text: string): Uint8Array {
  const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, at = 0; i < text.length; i += 4) {
    let word = 0;
    for (let k = 0; k < 4; k++) word = (word << 6) | (digits.indexOf(text[i + k]!) & 63);
    for (let k = 2; k >= 0 && at < bytes.length; k--) bytes[at++] = (word >> (8 * k)) & 255;
  }
  return bytes;
}

/** Copies an input's first \`length\` values into its region of the instance's memory. */
function copyIntoMemory(
  to: Float32Array | Float64Array | Int32Array,
  from: Float32Array | Float64Array | Int32Array,
  length: number,
): void {
  // (a long input exactly the batch's length: one memcpy; a short one or a longer array element by
  // element, since set() costs more than a few loads and subarray() would allocate)
  if (length >= 256 && from.length === length) to.set(from);
  else for (let i = 0; i < length; i++) to[i] = from[i]!;
}`;
}
