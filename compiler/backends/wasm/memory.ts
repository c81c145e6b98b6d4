// The WebAssembly target's linear memory, planned at compile time from the JavaScript module's
// constructor: every buffer it allocates (parameters, gradients, state, optimizer moments, arena,
// predict's staging), a region per input of maxBatch rows, the module's constant tables, and words
// for number fields the kernels keep (the dropout generator's state). Each region is 16-byte
// aligned; views (`subarray`) are offsets into their buffer's region. The memory never grows.
import type { ArrayRef, ElementKind } from "./translate.ts";

export const PAGE = 65536;
const ALIGN = 16;
export const BYTES: Record<ElementKind, number> = { f32: 4, f64: 8, i32: 4, u32: 4 };

export interface Region {
  name: string;
  kind: ElementKind;
  /** Byte address and element count. */
  address: number;
  length: number;
}

/** Regions laid out one after another from address 16 (0 stays unused, a null pointer never aliases data). */
export class MemoryPlan {
  private top = ALIGN;
  readonly regions: Region[] = [];
  readonly arrays = new Map<string, ArrayRef>();

  /** A buffer of its own. */
  add(name: string, kind: ElementKind, length: number): Region {
    const region = { name, kind, address: this.top, length };
    this.top = align(this.top + Math.max(1, length) * BYTES[kind]);
    this.regions.push(region);
    this.arrays.set(name, { kind, address: region.address });
    return region;
  }

  /** A view `name` = `of`.subarray(start, …): the same memory from element `start`. */
  view(name: string, of: string, start: number): void {
    const base = this.arrays.get(of);
    if (!base || typeof base.address !== "number") throw new Error(`wasm memory: no buffer ${of}`);
    this.arrays.set(name, { kind: base.kind, address: base.address + start * BYTES[base.kind] });
  }

  get pages(): number {
    return Math.max(1, Math.ceil(this.top / PAGE));
  }
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;
