// The SIMD derivatives of conv2d. Per tap (p, q), the output pixels whose tap lies inside x form a
// rectangle [i0, i1) × [j0, j1) (computed at run time):
//   conv2d_kernel_grad  tiles of TC channels × vectors of filters summed over the batch and that
//                       rectangle (x's element splat, a row of g loaded), stored once: no zeroing
//   conv2d_input_grad   ∂x zeroed, then tiles of TJ pixels × TC channels, each a vector along the
//                       filters (g's row times k's row), their lanes summed and added into ∂x
import type { ConvKernel } from "./conv.ts";
import { bump, insideRange, tiles } from "./conv.ts";
import { add, get, i32, mul, set, type I32 } from "./wat.ts";

/** Per tap: $i0, $i1, $j0, $j1 the rectangle, then `body`. */
function perTap(k: ConvKernel, body: () => void): void {
  const { d, f } = k;
  f.forLoop("$p", 0, d.KH, 1, () => {
    insideRange(f, "$i0", "$i1", get("$p"), d.strides[0], d.dilations[0], d.pads[0], d.H, d.OH);
    f.forLoop("$q", 0, d.KW, 1, () => {
      insideRange(f, "$j0", "$j1", get("$q"), d.strides[1], d.dilations[1], d.pads[2], d.W, d.OW);
      body();
    });
  });
}

/** The byte address in x of [b, i·sh + p·dh − top, j·sw + q·dw − left, c]. */
function xAddress(k: ConvKernel, base: string, i: I32, j: I32, c: I32): string {
  const { d, s } = k;
  const h = add(add(mul(i, d.strides[0]), mul(get("$p"), d.dilations[0])), -d.pads[0]);
  const w = add(add(mul(j, d.strides[1]), mul(get("$q"), d.dilations[1])), -d.pads[2]);
  return i32(add(get(base), mul(add(mul(add(mul(add(mul(get("$b"), d.H), h), d.W), w), d.C), c), s.size)));
}

const acc = (t: number, u: number) => `$a${t}_${u}`;

/** dk[p,q,c,f] = Σ_{b,i,j} x[b,h,w,c]·g[b,i,j,f]: A = x, B = g, C = dk. */
export function convKernelGrad(k: ConvKernel): void {
  const { d, s, f } = k;
  const [E, L] = [s.size, s.lanes];
  const nFull = Math.floor(d.F / L);
  const part = d.F % L;
  const tc = Math.min(4, d.C);
  const fv = Math.max(1, Math.min(tc >= 3 ? 2 : tc === 2 ? 3 : 4, nFull));
  perTap(k, () => {
    f.emit(set(f.local("$nj"), `(i32.sub ${get("$j1")} ${get("$j0")})`));
    tiles(f, "$c0", d.C, tc, (c0, tcn) => {
      const body = (v0: I32, counts: number[]) => {
        const f0 = mul(v0, L);
        for (let t = 0; t < tcn; t++) counts.forEach((_, v) => f.emit(set(f.local(acc(t, v), "v128"), s.zero())));
        counts.forEach((_, v) => f.local(`$k${v}`, "v128"));
        f.local("$xs", "v128");
        f.forLoop("$b", 0, k.N, 1, () => {
          f.forLoop("$i", get("$i0"), get("$i1"), 1, () => {
            f.emit(set(f.local("$xa"), xAddress(k, "$A", get("$i"), get("$j0"), c0)));
            f.emit(set(f.local("$ga"), i32(add(get("$B"), mul(add(mul(add(mul(add(mul(get("$b"), d.OH), get("$i")), d.OW), get("$j0")), d.F), f0), E)))));
            f.repeat("$r", get("$nj"), () => {
              counts.forEach((n, v) => f.emit(set(`$k${v}`, s.load(get("$ga"), v * 16, n))));
              for (let t = 0; t < tcn; t++) {
                f.emit(set("$xs", s.splat(get("$xa"), t * E)));
                counts.forEach((_, v) => f.emit(set(acc(t, v), s.madd(get(acc(t, v)), get("$xs"), get(`$k${v}`)))));
              }
              f.emit(bump("$xa", d.strides[1] * d.C * E), bump("$ga", d.F * E));
            });
          });
        });
        // dk[p, q, c0 + t, f0 + v·L ..]
        const at = add(mul(add(mul(add(mul(get("$p"), d.KW), get("$q")), d.C), c0), d.F), f0);
        f.emit(set(f.local("$pk"), i32(add(get("$C"), mul(at, E)))));
        for (let t = 0; t < tcn; t++) counts.forEach((n, v) => f.emit(...s.store(get("$pk"), (t * d.F + v * L) * E, n, get(acc(t, v)))));
      };
      const full = Math.floor(nFull / fv);
      if (full === 1) body(0, Array(fv).fill(L));
      if (full > 1) f.forLoop("$fv", 0, full * fv, fv, () => body(get("$fv"), Array(fv).fill(L)));
      const rest = [...Array(nFull % fv).fill(L), ...(part ? [part] : [])];
      if (rest.length > 0) body(full * fv, rest);
    });
  });
}

/** Pixels per tile, channels per tile of ∂x. */
const TJ = 2;
const TC = 4;

/** dx[b,h,w,c] = Σ g[b,i,j,f]·k[p,q,c,f] over the taps reading (h, w): A = g, B = k, C = dx. */
export function convInputGrad(k: ConvKernel): void {
  const { d, s, f } = k;
  const E = s.size;
  zero(k);
  f.local("$h0", "v128");
  f.local("$h1", "v128");
  perTap(k, () => {
    f.forLoop("$b", 0, k.N, 1, () => {
      f.forLoop("$i", get("$i0"), get("$i1"), 1, () => {
        // g[b, i, 0, 0], dx[b, h, w(j = 0), 0] (w may be negative: only pixels inside are written), k[p, q, 0, 0]
        f.emit(set(f.local("$gi"), i32(add(get("$A"), mul(mul(add(mul(get("$b"), d.OH), get("$i")), d.OW * d.F), E)))));
        f.emit(set(f.local("$xi"), xAddress(k, "$C", get("$i"), 0, 0)));
        f.emit(set(f.local("$kq"), i32(add(get("$B"), mul(add(mul(get("$p"), d.KW), get("$q")), d.C * d.F * E)))));
        const j = f.local("$j");
        f.emit(set(j, get("$j0")));
        const run = (tj: number) => {
          const [out, top] = [f.label("done"), f.label("next")];
          f.nest(`(block ${out} (loop ${top}`, () => {
            f.emit(`(br_if ${out} (i32.gt_s (i32.add ${get(j)} (i32.const ${tj})) ${get("$j1")}))`);
            tiles(f, "$c0", d.C, Math.min(TC, d.C), (c0, tc) => pixelTile(k, tj, c0, tc));
            f.emit(bump(j, tj), `(br ${top})`);
          }, "))");
        };
        if (d.OW >= TJ) run(TJ);
        run(1);
      });
    });
  });
}

/** Pixels $j .. $j + tj − 1 of row ($b, $i) × channels c0 .. c0 + tc − 1: Σ over the filters, added into ∂x. */
function pixelTile(k: ConvKernel, tj: number, c0: I32, tc: number): void {
  const { d, s, f } = k;
  const [E, L] = [s.size, s.lanes];
  const nFull = Math.floor(d.F / L);
  const part = d.F % L;
  for (let t = 0; t < tj; t++) for (let u = 0; u < tc; u++) f.emit(set(f.local(acc(t, u), "v128"), s.zero()));
  for (let u = 0; u < tc; u++) f.local(`$k${u}`, "v128");
  f.local("$gv", "v128");
  f.emit(set(f.local("$ga"), i32(add(get("$gi"), mul(get("$j"), d.F * E)))));
  f.emit(set(f.local("$ka"), i32(add(get("$kq"), mul(c0, d.F * E)))));
  const step = (n: number) => {
    for (let u = 0; u < tc; u++) f.emit(set(`$k${u}`, s.load(get("$ka"), u * d.F * E, n)));
    for (let t = 0; t < tj; t++) {
      f.emit(set("$gv", s.load(get("$ga"), t * d.F * E, n)));
      for (let u = 0; u < tc; u++) f.emit(set(acc(t, u), s.madd(get(acc(t, u)), get("$gv"), get(`$k${u}`))));
    }
  };
  f.repeat("$r", nFull, () => {
    step(L);
    f.emit(bump("$ga", 16), bump("$ka", 16));
  });
  if (part) step(part);
  // lane sums: one vector per L channels, added into dx[b, h, w(j + t), c0 ..]
  f.emit(set(f.local("$xa"), i32(add(get("$xi"), mul(add(mul(get("$j"), d.strides[1] * d.C), c0), E)))));
  const sum = f.local("$sum", "v128");
  for (let t = 0; t < tj; t++) {
    for (let u0 = 0; u0 < tc; u0 += L) {
      const n = Math.min(L, tc - u0);
      const group = Array.from({ length: L }, (_, l) => (l < n ? get(acc(t, u0 + l)) : ""));
      const offset = (t * d.strides[1] * d.C + u0) * E;
      f.emit(set(sum, s.op("add", s.laneSums(group), s.load(get("$xa"), offset, n))));
      f.emit(...s.store(get("$xa"), offset, n, get(sum)));
    }
  }
}

/** C = 0 over N·H·W·C elements: whole vectors, then single elements. */
function zero(k: ConvKernel): void {
  const { d, s, f } = k;
  const end = f.local("$end");
  const z = f.local("$z");
  f.emit(set(end, i32(add(get("$C"), mul(k.N, d.H * d.W * d.C * s.size)))));
  f.emit(set(z, get("$C")));
  const loop = (width: number, store: string) => {
    const [out, top] = [f.label("done"), f.label("next")];
    f.nest(`(block ${out} (loop ${top}`, () => {
      f.emit(`(br_if ${out} (i32.gt_u (i32.add ${get(z)} (i32.const ${width})) ${get(end)}))`, store, bump(z, width), `(br ${top})`);
    }, "))");
  };
  loop(16, `(v128.store ${get(z)} ${s.zero()})`);
  loop(s.size, `(${s.dtype}.store ${get(z)} (${s.dtype}.const 0))`);
}
