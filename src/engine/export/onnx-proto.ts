/**
 * The few ONNX protobuf messages an exported network needs (ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto, AttributeProto), encoded by hand: a model is a handful of
 * length-delimited fields, and a protobuf library would be a dependency for ~100 lines.
 * Field numbers follow onnx/onnx.proto3.
 */

/** Appends protobuf wire-format fields to a growing byte buffer. */
class Writer {
  private buf = new Uint8Array(1024);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private varint(v: number | bigint): void {
    // int64 fields: negative values are ten-byte two's complement varints.
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, v: number): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: Writer): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export const FLOAT = 1;
export const INT64 = 7;

export interface Tensor {
  name: string;
  dims: number[];
  type: typeof FLOAT | typeof INT64;
  values: Float32Array | BigInt64Array;
}

export type Attribute = { name: string } & ({ int: number } | { ints: number[] } | { float: number });

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes?: Attribute[];
}

/** A graph input or output: float32 with fixed dims, or a named symbolic dim (string). */
export interface ValueInfo {
  name: string;
  dims: (number | string)[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

function tensor(t: Tensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type);
  w.string(8, t.name);
  // raw_data is little-endian, as typed arrays are on every platform tfjs runs on.
  return w.bytes(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
}

function attribute(a: Attribute): Writer {
  const w = new Writer().string(1, a.name);
  if ('int' in a) return w.int(3, a.int).int(20, 2);
  if ('float' in a) return w.float(2, a.float).int(20, 1);
  for (const v of a.ints) w.int(8, v);
  return w.int(20, 7);
}

function node(n: Node): Writer {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.op);
  for (const a of n.attributes ?? []) w.message(5, attribute(a));
  return w;
}

function valueInfo(v: ValueInfo): Writer {
  const shape = new Writer();
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().int(1, FLOAT).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
}

/** A ModelProto (IR version 8, default-domain opset `opset`) as bytes: the contents of a .onnx file. */
export function encodeModel(graph: Graph, opts: { opset: number; producer: string; producerVersion: string; doc?: string }): Uint8Array {
  const g = new Writer();
  for (const n of graph.nodes) g.message(1, node(n));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  for (const i of graph.inputs) g.message(11, valueInfo(i));
  for (const o of graph.outputs) g.message(12, valueInfo(o));
  const m = new Writer().int(1, 8).string(2, opts.producer).string(3, opts.producerVersion);
  if (opts.doc) m.string(6, opts.doc);
  return m.message(7, g).message(8, new Writer().string(1, '').int(2, opts.opset)).finish();
}
