// An ONNX model (ModelProto) encoded from a plain description: graph inputs and outputs, nodes
// with attributes, float32 initializers. Field numbers from onnx/onnx.proto.
import { ProtoWriter } from "./proto.mjs";

const FLOAT = 1; // TensorProto.DataType
const ATTRIBUTE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 }; // AttributeProto.AttributeType
const IR_VERSION = 8;

/** Attribute values, tagged with their ONNX type. */
export const int = (value) => ({ type: ATTRIBUTE.INT, value });
export const ints = (value) => ({ type: ATTRIBUTE.INTS, value });
export const float = (value) => ({ type: ATTRIBUTE.FLOAT, value });
export const floats = (value) => ({ type: ATTRIBUTE.FLOATS, value });
export const string = (value) => ({ type: ATTRIBUTE.STRING, value });

/**
 * @param {{ name: string, opset?: number, inputs: { name: string, shape: (number | string)[] }[],
 *   outputs: { name: string, shape: (number | string)[] }[],
 *   nodes: { op: string, inputs: string[], outputs: string[], attributes?: Record<string, { type: number, value: unknown }> }[],
 *   initializers: { name: string, dims: number[], data: Float32Array }[] }} model
 *   Shapes are float32 tensors' dimensions, a string for a symbolic one (e.g. the batch).
 * @returns {Uint8Array} the ModelProto's bytes, for `InferenceSession.create`
 */
export function encodeModel(model) {
  const graph = new ProtoWriter();
  for (const [k, node] of model.nodes.entries()) graph.message(1, nodeProto(node, k));
  graph.string(2, model.name);
  for (const init of model.initializers) graph.message(5, tensorProto(init));
  for (const v of model.inputs) graph.message(11, valueInfo(v));
  for (const v of model.outputs) graph.message(12, valueInfo(v));
  const opset = new ProtoWriter().string(1, "").int(2, model.opset ?? 17);
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, "tapeless bench")
    .message(7, graph)
    .message(8, opset)
    .finish();
}

function nodeProto(node, k) {
  const w = new ProtoWriter();
  for (const name of node.inputs) w.string(1, name);
  for (const name of node.outputs) w.string(2, name);
  w.string(3, `${node.op}_${k}`).string(4, node.op);
  for (const [name, attr] of Object.entries(node.attributes ?? {})) w.message(5, attribute(name, attr));
  return w;
}

function attribute(name, { type, value }) {
  const w = new ProtoWriter().string(1, name).int(20, type);
  if (type === ATTRIBUTE.FLOAT) w.float(2, value);
  else if (type === ATTRIBUTE.INT) w.int(3, value);
  else if (type === ATTRIBUTE.STRING) w.string(4, value);
  else if (type === ATTRIBUTE.FLOATS) for (const v of value) w.float(7, v);
  else if (type === ATTRIBUTE.INTS) w.ints(8, value);
  else throw new Error(`attribute ${name}: unknown type ${type}`);
  return w;
}

/** A float32 tensor, its elements as raw little-endian bytes. */
function tensorProto({ name, dims, data }) {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
  return new ProtoWriter().ints(1, dims).int(2, FLOAT).string(8, name).bytes(9, raw);
}

function valueInfo({ name, shape }) {
  const dims = new ProtoWriter();
  for (const d of shape) dims.message(1, typeof d === "string" ? new ProtoWriter().string(2, d) : new ProtoWriter().int(1, d));
  const tensor = new ProtoWriter().int(1, FLOAT).message(2, dims);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
}
