// Kernels of the broadcasts: x read with stride 0 along the repeated axes (broadcast_mean divides by the repeat count).
import { broadcastAxes } from "../../../ops/nd.ts";
import type { Value } from "../../../ir/graph.ts";
import { broadcastStrides, loopNest, strides } from "../loop-nest.ts";
import type { KernelContext } from "../rule.ts";

/** The number of elements of `like` per element of x, as code (the batch when x lacks n). */
export function broadcastCount(k: Pick<KernelContext, "dim">, x: Value["shape"], like: Value["shape"]): string {
  const axes = broadcastAxes(x, like);
  const dims = axes.map((a) => like[a]!);
  const fixed = dims.reduce<number>((acc, d) => (d === "n" ? acc : acc * d), 1);
  if (!dims.includes("n")) return String(fixed);
  return fixed === 1 ? k.dim("n") : `${k.dim("n")} * ${fixed}`;
}

/** x read at every position of `like` it broadcasts to (`scale`: code appended to each read). */
export function broadcastCode({ out, ins: [x], inShapes: [xs], outShape: like }: KernelContext, scale = ""): string {
  const walks = [
    { name: "o", strides: strides(like) },
    { name: "x", strides: broadcastStrides(xs, like) },
  ];
  return loopNest(like, walks, ([o, xo]) => `${out}[${o}] = ${x}[${xo}]!${scale};`);
}

/** The broadcast divided by the repeat count (the adjoint of reduce_mean). */
export function broadcastMeanCode(k: KernelContext): string {
  return `const count = ${broadcastCount(k, k.inShapes[0], k.outShape)};\n${broadcastCode(k, " / count")}`;
}
