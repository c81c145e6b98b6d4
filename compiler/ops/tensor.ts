import { InternalError } from "../errors.ts";
import { defineOp, ints, free } from "./define.ts";

/** y = a constant tensor (a spec `constant`, a causal mask), row-major `values` of static `shape` */
export const tensor = defineOp({
  name: "tensor",
  fusion: "opaque",
  cost: free,
  arity: 0,
  attrs: [],
  lists: ["shape", "values"],
  doc: "{out} = a constant",
  rules: [],
  shape: (_, attrs) => {
    const shape = ints(attrs, "shape");
    const size = shape.reduce((n, d) => n * d, 1);
    if (ints(attrs, "values").length !== size) throw new InternalError(`tensor: ${ints(attrs, "values").length} values for shape [${shape.join(",")}]`);
    return shape;
  },
  vjp: () => null,
});
