// The protobuf wire format, writing only: varints, 32-bit floats and length-delimited fields
// (strings, bytes, nested messages), which is all an ONNX ModelProto needs.

const VARINT = 0;
const BYTES = 2;
const FIXED32 = 5;
const utf8 = new TextEncoder();

/** One message being written: fields appended in order, then `finish()` joins them. */
export class ProtoWriter {
  constructor() {
    /** @type {Uint8Array[]} */
    this.chunks = [];
    this.length = 0;
  }

  push(chunk) {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return this;
  }

  key(field, wireType) {
    return this.push(varint((field << 3) | wireType));
  }

  /** An integer field (int32, int64 or enum); negative values take ten bytes, as int64 does. */
  int(field, value) {
    return this.key(field, VARINT).push(varint(value));
  }

  /** A repeated integer field, one key per element (proto2's unpacked form). */
  ints(field, values) {
    for (const v of values) this.int(field, v);
    return this;
  }

  float(field, value) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.key(field, FIXED32).push(b);
  }

  bytes(field, data) {
    return this.key(field, BYTES).push(varint(data.length)).push(data);
  }

  string(field, text) {
    return this.bytes(field, utf8.encode(text));
  }

  /** A nested message. */
  message(field, writer) {
    return this.bytes(field, writer.finish());
  }

  /** The encoded message. */
  finish() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Base-128 varint, least significant group first; a negative number as its 64-bit two's complement. */
export function varint(value) {
  if (!Number.isSafeInteger(value)) throw new Error(`varint: ${value} is not a safe integer`);
  let v = BigInt.asUintN(64, BigInt(value));
  const out = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return Uint8Array.from(out);
}
