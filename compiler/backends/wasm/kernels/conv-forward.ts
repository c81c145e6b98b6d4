// The SIMD conv2d: per output row, tiles of pixels × vectors of filters held in v128 locals over the
// taps and channels (x's element splat, a row of the kernel loaded), started from the bias or 0, then
// relu and the store (plain vectors or the per-element hook). The interior columns (every tap inside
// x) in tiles of TJ pixels without bound tests, the border columns one at a time with them.
import type { ConvKernel } from "./conv.ts";
import { bump } from "./conv.ts";
import { add, get, i32, mul, set, type I32 } from "./wat.ts";

/** Output pixels per interior tile, and vectors of filters per tile. */
const TJ = 4;
const FV = 2;

export function convForward(k: ConvKernel): void {
  const { d, f } = k;
  const [sh, sw] = d.strides;
  const [top, , left] = d.pads;
  // the interior: the columns j whose every tap lies inside x (j·sw − left ≥ 0, j·sw + (KW−1)·dw − left < W)
  const first = Math.min(d.OW, Math.ceil(left / sw));
  const last = Math.max(first, Math.min(d.OW, Math.floor((d.W - 1 + left - (d.KW - 1) * d.dilations[1]) / sw) + 1));
  const tj = Math.min(k.c.tile?.[0] ?? TJ, Math.max(1, last - first));
  const mid = last - ((last - first) % tj);
  const segments: [number, number, number, boolean][] = [
    [0, first, 1, true],
    [first, mid, tj, false],
    [mid, last, 1, false],
    [last, d.OW, 1, true],
  ];
  f.forLoop("$b", 0, k.N, 1, () => {
    f.forLoop("$i", 0, d.OH, 1, () => {
      f.emit(set(f.local("$h0"), i32(add(mul(get("$i"), sh), -top))));
      f.emit(set(f.local("$rowy"), i32(mul(add(mul(get("$b"), d.OH), get("$i")), d.OW))));
      for (const [from, to, size, checked] of segments) {
        if (to <= from) continue;
        if (to - from === size) pixels(k, from, size, checked);
        else f.forLoop("$j", from, to, size, () => pixels(k, get("$j"), size, checked));
      }
    });
  });
}

/** `tj` output pixels from column `j` of row ($b, $i), every filter: in tiles of FV vectors. */
function pixels(k: ConvKernel, j: I32, tj: number, checked: boolean): void {
  const { d, s, f } = k;
  const L = s.lanes;
  const nFull = Math.floor(d.F / L);
  const part = d.F % L;
  const fv = Math.min(k.c.tile?.[1] ?? FV, Math.max(1, nFull));
  const full = Math.floor(nFull / fv);
  const body = (v0: I32, counts: number[]) => tile(k, j, tj, checked, v0, counts);
  if (full === 1) body(0, Array(fv).fill(L));
  if (full > 1) f.forLoop("$fv", 0, full * fv, fv, () => body(get("$fv"), Array(fv).fill(L)));
  const rest = [...Array(nFull % fv).fill(L), ...(part ? [part] : [])];
  if (rest.length > 0) body(full * fv, rest);
}

const acc = (t: number, v: number) => `$a${t}_${v}`;

/** One register tile: pixels j .. j + tj − 1 × the filter vectors from v0 (lanes `counts[v]` each). */
function tile(k: ConvKernel, j: I32, tj: number, checked: boolean, v0: I32, counts: number[]): void {
  const { c, d, s, f } = k;
  const [E, L] = [s.size, s.lanes];
  const [dh, dw] = d.dilations;
  const sw = d.strides[1];
  const [top, bottom, left, right] = d.pads;
  const f0 = mul(v0, L); // the first filter
  for (let t = 0; t < tj; t++) counts.forEach((_, v) => f.local(acc(t, v), "v128"));
  counts.forEach((n, v) => f.local(`$k${v}`, "v128"));
  f.local("$xs", "v128");
  // the sums start from the bias (or 0)
  const biasAt = i32(add(get("$bias"), mul(f0, E)));
  for (let t = 0; t < tj; t++) counts.forEach((n, v) => f.emit(set(acc(t, v), c.bias ? s.load(biasAt, v * 16, n) : s.zero())));
  const w0 = add(mul(j, sw), -left); // input column of pixel j's first tap
  const pixelBytes = sw * d.C * E;
  const step = () => {
    counts.forEach((n, v) => f.emit(set(`$k${v}`, s.load(get("$ka"), v * 16, n))));
    for (let t = 0; t < tj; t++) {
      f.emit(set("$xs", s.splat(get("$xa"), t * pixelBytes)));
      counts.forEach((_, v) => f.emit(set(acc(t, v), s.madd(get(acc(t, v)), get("$xs"), get(`$k${v}`)))));
    }
    f.emit(bump("$xa", E), bump("$ka", d.F * E));
  };
  f.local("$xa");
  f.local("$ka");
  f.forLoop("$p", 0, d.KH, 1, () => {
    const skip = f.label("tap");
    f.nest(`(block ${skip}`, () => {
      f.emit(set(f.local("$h"), i32(add(get("$h0"), mul(get("$p"), dh)))));
      if (top + bottom > 0) f.emit(`(br_if ${skip} (i32.ge_u ${get("$h")} (i32.const ${d.H})))`);
      // x[b, h, w0, 0] and k[p, 0, 0, f0]
      f.emit(set(f.local("$xp"), i32(add(get("$A"), mul(add(mul(add(mul(get("$b"), d.H), get("$h")), d.W), w0), d.C * E)))));
      f.emit(set(f.local("$kp"), i32(add(get("$B"), add(mul(get("$p"), d.KW * d.C * d.F * E), mul(f0, E))))));
      if (!checked && dw === 1) {
        // the taps of a row and their channels are contiguous in x and (by F) in k
        f.emit(set("$xa", get("$xp")), set("$ka", get("$kp")));
        f.repeat("$r", d.KW * d.C, step);
        return;
      }
      f.forLoop("$q", 0, d.KW, 1, () => {
        const skipQ = f.label("col");
        f.nest(`(block ${skipQ}`, () => {
          if (checked && left + right > 0) f.emit(`(br_if ${skipQ} (i32.ge_u ${i32(add(w0, mul(get("$q"), dw)))} (i32.const ${d.W})))`);
          f.emit(set("$xa", i32(add(get("$xp"), mul(get("$q"), dw * d.C * E)))));
          f.emit(set("$ka", i32(add(get("$kp"), mul(get("$q"), d.C * d.F * E)))));
          f.repeat("$r", d.C, step);
        });
      });
    });
  });
  // the stores: y[b, i, j + t, f0 + v·L ..]
  const o = add(mul(add(get("$rowy"), j), d.F), f0); // element index of y[b, i, j, f0]
  f.emit(set(f.local("$py"), i32(add(get("$C"), mul(o, E)))));
  if (c.store) f.emit(set(f.local("$o"), i32(o)));
  for (let t = 0; t < tj; t++) {
    counts.forEach((n, v) => {
      const value = acc(t, v);
      if (c.relu) f.emit(set(value, s.op("max", get(value), s.zero())));
      const at = t * d.F + v * L; // from $o
      if (!c.store) return f.emit(...s.store(get("$py"), at * E, n, get(value)));
      const [accL, atL, column] = [f.local("$acc", c.dtype), f.local("$at"), f.local("$column")];
      for (let l = 0; l < n; l++) {
        f.emit(set(accL, s.extract(get(value), l)), set(atL, i32(add(get("$o"), at + l))), set(column, i32(add(f0, v * L + l))));
        f.emit(c.store(accL, atL, column));
      }
    });
  }
}
