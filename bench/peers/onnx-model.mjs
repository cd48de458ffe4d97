// ONNX graphs written as protobuf bytes by hand, so the benchmark needs neither Python's onnx
// package nor a model file: LogSoftmax(axis = 1) → NegativeLogLikelihoodLoss(reduction = 'mean')
// over float32 logits (N, C) and int64 targets (N), and an Identity whose output is the logits. Field numbers are those of
// onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto).

function varint(value) {
  const bytes = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
}

const key = (field, wire) => varint((field << 3) | wire);
const int = (field, value) => [...key(field, 0), ...varint(value)];
const bytes = (field, content) => [...key(field, 2), ...varint(content.length), ...content];
const text = (field, value) => bytes(field, [...new TextEncoder().encode(value)]);

function tensorValue(name, elemType, dims) {
  const shape = dims.flatMap((dim) => bytes(1, typeof dim === 'string' ? text(2, dim) : int(1, dim)));
  // TypeProto.tensor_type (1) { elem_type (1), shape (2) { dim (1)… } }
  const type = bytes(1, [...int(1, elemType), ...bytes(2, shape)]);
  return [...text(1, name), ...bytes(2, type)];
}

function node(op, inputs, outputs, attributes = []) {
  return [
    ...inputs.flatMap((i) => text(1, i)),
    ...outputs.flatMap((o) => text(2, o)),
    ...text(4, op),
    ...attributes,
  ];
}

const FLOAT = 1;
const INT64 = 7;

/** Bytes of the model; N and C are symbolic, so one model serves every shape. */
export function logSoftmaxNllModel() {
  // AttributeProto { name (1), i (3), type (20) = INT (2) }
  const axis = bytes(5, [...text(1, 'axis'), ...int(3, 1), ...int(20, 2)]);
  const graph = [
    ...bytes(1, node('LogSoftmax', ['logits'], ['logp'], axis)),
    ...bytes(1, node('NegativeLogLikelihoodLoss', ['logp', 'target'], ['loss'])),
    ...text(2, 'cross_entropy'),
    ...bytes(11, tensorValue('logits', FLOAT, ['N', 'C'])),
    ...bytes(11, tensorValue('target', INT64, ['N'])),
    ...bytes(12, tensorValue('loss', FLOAT, [])),
  ];
  return model(graph);
}

/** Bytes of Identity(input) → output, float32 (N, C): a model whose output is the logits. */
export function identityModel() {
  const graph = [
    ...bytes(1, node('Identity', ['input'], ['output'])),
    ...text(2, 'logits'),
    ...bytes(11, tensorValue('input', FLOAT, ['N', 'C'])),
    ...bytes(12, tensorValue('output', FLOAT, ['N', 'C'])),
  ];
  return model(graph);
}

/** ModelProto { ir_version (1) = 8, graph (7), opset_import (8) { domain '', version 13 } } */
function model(graph) {
  return Uint8Array.from([...int(1, 8), ...bytes(7, graph), ...bytes(8, [...text(1, ''), ...int(2, 13)])]);
}
