// An independent gradient oracle: the same network built in TensorFlow.js (cpu backend, float32)
// from the *normalized* spec, evaluated with the same parameters and data, differentiated by
// TensorFlow.js's own autodiff. Shares nothing with tapeless but the spec and the flat buffers.
// One concept per file under tfjs-oracle/: the spec contract it reads (spec.ts), activations,
// batched values and broadcasting (values.ts), nodes, attention, losses, and the oracle itself.
export { tfReady, tfOracle, type OracleInput, type OracleLayout, type OracleResult } from "./tfjs-oracle/oracle.ts";
export { activate } from "./tfjs-oracle/activations.ts";
export { inputsOf, lossTerms, type OracleNode, type OracleSpec, type OracleLossTerm, type OracleValue, type LossTerm } from "./tfjs-oracle/spec.ts";
