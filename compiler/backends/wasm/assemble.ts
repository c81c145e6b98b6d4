// WebAssembly text → binary, at compile time, with wabt (the WebAssembly Binary Toolkit compiled to
// JavaScript): it validates the module too, so a translation mistake fails the build, not a user.
// Only SIMD128 is enabled: no threads, no other proposal.
import { InternalError } from "../../errors.ts";

type Wabt = Awaited<ReturnType<typeof import("wabt")>>;
let wabt: Promise<Wabt> | undefined;

export async function assembleWat(wat: string): Promise<Uint8Array> {
  wabt ??= import("wabt").then((m) => ((m as unknown as { default: () => Promise<Wabt> }).default ?? m)());
  const tools = await wabt;
  const features = { simd: true, threads: false, multi_value: false, bulk_memory: false, reference_types: false, mutable_globals: false, sat_float_to_int: false, sign_extension: false };
  let module;
  try {
    module = tools.parseWat("model.wat", wat, features);
  } catch (error) {
    throw new InternalError(`wasm: the generated text does not assemble: ${(error as Error).message}`);
  }
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({ log: false, canonicalize_lebs: true, relocatable: false, write_debug_names: false }).buffer);
  } catch (error) {
    throw new InternalError(`wasm: the generated module is invalid: ${(error as Error).message}`);
  } finally {
    module.destroy();
  }
}
