// What `tapeless build` must say about each malformed spec in test/corpus/specs/: the field path
// (or line:column for invalid JSON) and the gist of the message. corpus.test.ts runs the CLI on
// every file and also checks what holds for all of them: exit code 2, one `tapeless: <file>: `
// message, no stack trace, no raw control characters, nothing written.

export interface Expectation {
  file: string;
  /** The field path after the file name, or "line:col" for invalid JSON. */
  at: string;
  /** Matched against the whole message after `tapeless: <file>: <at>: `. */
  message: RegExp;
}

const e = (file: string, at: string, message: RegExp): Expectation => ({ file: `${file}.json`, at, message });
const ALLOWED_ACTIVATIONS = /\(allowed: identity, relu, leakyRelu, elu, sigmoid, tanh, softplus, gelu, silu, swish, softmax\)/;
const GIB = /would need [\d,]+ elements \([\d.]+ GiB as f32\); the limit is 268,435,456 \(2\^28\) elements/;

export const EXPECTATIONS: Expectation[] = [
  // ---- Not JSON (line:column of the first bad character) ----
  e("json-binary", "1:2", /^invalid JSON: Expected property name or '}'/),
  e("json-comment", "2:3", /^invalid JSON: Expected property name or '}'/),
  e("json-empty", "1:1", /^invalid JSON: Unexpected end of JSON input/),
  e("json-trailing-comma", "4:1", /^invalid JSON: Expected double-quoted property name/),
  e("json-truncated", "14:1", /^invalid JSON: Unexpected end of JSON input/),
  e("json-two-documents", "2:1", /^invalid JSON: Unexpected non-whitespace character after JSON/),

  // ---- Not a spec object ----
  e("root-array", "spec", /^expected a spec object with "layers" or "nodes", got \[\]/),
  e("root-null", "spec", /^expected a spec object with "layers" or "nodes", got null/),
  e("root-empty-object", "spec", /^missing "layers" \(sequential form\) or "nodes" \+ "output" \(graph form\)/),
  e("root-both-forms", "spec", /^has both "layers" and "nodes"/),

  // ---- Missing fields ----
  e("missing-name", "name", /^missing; expected a non-empty string/),
  e("missing-inputs", "inputs", /^missing; expected a non-empty object mapping input names to shapes/),
  e("missing-loss", "loss", /^missing; expected a loss object such as \{ "type": "mse" \}/),
  e("missing-output", "output", /^missing; expected the name of a node, or a non-empty list of node names/),
  e("missing-units", "layers[0].units", /^missing; expected a positive integer/),

  // ---- Wrong types ----
  e("name-number", "name", /^expected a non-empty string, got 7/),
  e("inputs-array", "inputs", /^expected a non-empty object mapping input names to shapes, e\.g\. \{ "x": \[784\] \}, got \[4\]/),
  e("input-shape-string", "inputs.x", /^expected a shape \(an array of positive integers, e\.g\. \[784\]\) or \{ "shape": \[16\], "dtype": "int32" \}, got "4"/),
  e("units-string", "layers[0].units", /^expected a positive integer, got "8"/),
  e("units-float", "layers[0].units", /^expected a positive integer, got 8\.5/),
  e("usebias-string", "layers[0].useBias", /^expected true or false, got "yes"/),
  e("dtype-f16", "dtype", /^unknown dtype "f16" \(allowed: f32, f64\)/),
  e("seed-negative", "seed", /^expected an integer from 0 to 4294967295, got -1/),
  e("loss-string", "loss", /^expected a loss object such as \{ "type": "mse" \} \(or a list of them\), got "mse"/),
  e("optimizer-lr-negative", "optimizer.lr", /^expected a positive finite number, got -0\.1/),
  e("lr-infinity", "optimizer.lr", /^expected a positive finite number, got Infinity/),
  e("optimizer-unknown-field", "optimizer.beta1", /^unknown key "beta1" \(allowed: type, lr, l2, clipNorm, skipNonFinite, momentum, nesterov\)/),
  e("layers-empty", "layers", /^expected a non-empty array of layers, got \[\]/),
  e("nodes-empty", "nodes", /^expected a non-empty object mapping node names to nodes, got \{\}/),
  e("layer-null", "layers[0]", /^expected a layer object such as \{ "type": "dense", "units": 32 \}, got null/),
  e("alpha-on-relu", "layers[0].alpha", /^alpha is only allowed with leakyRelu or elu, not with "relu"/),

  // ---- Unknown names, with a suggestion ----
  e("activation-typo", "layers[0].activation", new RegExp(`^unknown activation "rleu"; did you mean "relu"\\? ${ALLOWED_ACTIVATIONS.source}`)),
  e("layer-type-typo", "layers[0].type", /^unknown layer type "dence"; did you mean "dense"\?/),
  e("loss-typo", "loss.type", /^unknown loss "softmaxCrossEntropi"; did you mean "softmaxCrossEntropy"\?/),
  e("optimizer-typo", "optimizer.type", /^unknown optimizer type "adma"; did you mean "adam"\?/),
  e("key-typo-unit", "layers[0].units", /^missing; expected a positive integer\ntapeless: key-typo-unit\.json:\d+:\d+: layers\[0\]\.unit: unknown key "unit"; did you mean "units"\?/),
  e("key-typo-maxbatch", "maxbatch", /^unknown key "maxbatch"; did you mean "maxBatch"\?/),
  e("loss-target-typo", "loss.target", /^unknown target "lables"; did you mean "labels"\? \(targets: labels, weights\)/),
  e("graph-reference-typo", "nodes.out.input", /^unknown node "hiden"; did you mean "hidden"\? \(known: x, hidden\)/),

  // ---- Sizes: zero, negative, non-finite, beyond the limits (refused before allocating) ----
  e("units-negative", "layers[0].units", /^expected a positive integer, got -3/),
  e("units-zero", "layers[0].units", /^expected a positive integer, got 0/),
  e("units-1e400", "layers[0].units", /^expected a positive integer, got Infinity/),
  e("units-above-limit", "layers[0].units", /^at most 268435456, got 300000000/),
  e("input-dim-zero", "inputs.x[0]", /^expected a positive integer, got 0/),
  e("params-gigabytes", "layers[0].units", new RegExp(`^the parameters ${GIB.source} \\(the largest layer, "dense1", has 10,000,100,000\\)`)),
  e("activations-gigabytes", "maxBatch", new RegExp(`^inputs, targets and activations for a batch of 65536 ${GIB.source}; lower maxBatch or the layer sizes`)),
  e("maxbatch-zero", "maxBatch", /^expected a positive integer, got 0/),
  e("maxbatch-huge", "maxBatch", /^at most 65536, got 1000000000/),

  // ---- Graph form: cycles, dangling references, bad outputs, add ----
  e("graph-cycle", "nodes.a.input", /^cycle a → b → a/),
  e("graph-self-loop", "nodes.h.input", /^cycle h → h/),
  e("graph-dangling", "nodes.h.input", /^unknown node "nowhere" \(known: x, out\)/),
  e("graph-reads-target", "output", /^the output "out" depends on the target "y" \(out → h → y\); nodes that read targets belong to the loss only$/),
  e("second-output-reads-target", "output[1]", /^the output "err" depends on the target "y" \(err → y\); nodes that read targets belong to the loss only$/),
  e("graph-output-is-input", "output", /^"x" is an input; the output must be a node/),
  e("add-one-input", "nodes.out.inputs", /^expected an array of at least 2 input or node names, got \["h"\]/),
  e("add-shape-mismatch", "nodes.out.inputs", /^cannot add h \[8\] and k \[2\]: the shapes do not broadcast \(8 vs 2 at the last axis\)$/),
  e("add-in-sequential", "layers[1].type", /^"add" needs the graph form/),
  e("sequential-two-inputs", "inputs", /^a sequential spec \("layers"\) takes exactly one input, got 2 \(x, z\)/),

  // ---- Duplicate names ----
  e("duplicate-layer-names", "layers[1].name", /^duplicate name "h", already used by layers\[0\]\.name/),
  e("layer-name-equals-input", "layers[0].name", /^duplicate name "x", already used by inputs\.x/),
  e("auto-name-collision", "layers[1]", /^the automatic name "dense2" is already used by layers\[0\]\.name; give this layer a "name"/),

  // ---- Shapes and losses ----
  e("output-target-mismatch", "loss", /^output "dense2" has shape \[2\] but target "y" has shape \[3\]/),
  // dense acts on the last axis of a rank-2 input (as Keras), so the output is [2, 2]
  e("dense-on-rank2-input", "loss", /^output "dense2" has shape \[2, 2\] but target "y" has shape \[2\]/),
  e("softmax-xent-scalar-output", "loss.type", /^softmaxCrossEntropy acts on the last axis, but output "sum1" has shape \[\] \(no axes\)$/),
  e("softmax-then-softmax-xent", "layers[1].activation", /^the output "dense2" ends in softmax, but loss "softmaxCrossEntropy" applies softmax itself/),

  // ---- Tensors: shapes, axes, dtypes (every message names the field and the shapes involved) ----
  e("reshape-size-mismatch", "nodes.out.shape", /^cannot reshape "x" \[4, 3\] \(12 elements\) to \[5, 2\] \(10 elements\)$/),
  e("reshape-two-inferred", "nodes.out.shape", /^at most one dimension may be -1, got \[-1, -1\]$/),
  e("transpose-not-permutation", "nodes.out.perm", /^\[0, 0\] is not a permutation of the axes of "x" \[4, 3\] \(expected each of 0\.\.1 once\)$/),
  e("mul-no-broadcast", "nodes.out.inputs", /^cannot mul x \[4, 3\] and z \[2\]: the shapes do not broadcast \(3 vs 2 at the last axis\)$/),
  e("matmul-inner-mismatch", "nodes.out.inputs", /^matmul "out": the inner dimensions differ: "a" \[4, 8\] · "b" \[5, 8\] \(8 vs 5\)$/),
  e("int32-into-dense", "nodes.out.input", /^dense "out" needs floats, but "tokens" is int32$/),
  e("embedding-on-floats", "nodes.out.input", /^embedding "out" needs int32 indices, but "x" is float \(declare it as \{ "shape": \[4, 3\], "dtype": "int32" \}\)$/),
  e("softmax-axis-out-of-range", "nodes.out.axis", /^axis 2 is out of range for "x" \[4, 3\] \(rank 2: axes -2\.\.1\)$/),
  e("reduce-axis-out-of-range", "nodes.out.axes[1]", /^axis -3 is out of range for "x" \[4, 3\] \(rank 2: axes -2\.\.1\)$/),
  e("slice-past-end", "nodes.out.size[0]", /^begin 1 \+ size 4 = 5 runs past the end of axis 0 of "x" \[4, 3\] \(size 4\)$/),
  e("concat-dimension-mismatch", "nodes.out.inputs", /^cannot concat "x" \[4, 3\] and "z" \[2, 2\] along axis 0: every other dimension must be equal$/),
  e("constant-ragged", "nodes.c.value[1]", /^the value is not rectangular: this entry has shape \[2\], entry 0 has \[3\]$/),
  e("attention-heads-zero", "nodes.out.numHeads", /^expected a positive integer, got 0$/),
  e("attention-keydim-fraction", "layers[0].keyDim", /^expected a positive integer, got 2\.5$/),
  e("attention-rank1-query", "nodes.out.inputs[0]", /^multiHeadAttention "out" needs \[sequence, features\] values \(rank 2 per sample\), but "q" \[3\] has rank 1$/),

  // ---- Convolutions (issue 13): windows that read no input, ranks, sizes (the field and the shapes named) ----
  e("conv2d-kernel-larger-than-input", "layers[0].kernelSize", /^conv2d "conv2d1": the kernel's height extent 5 \(5 taps, dilation 1\) exceeds the input's 3 \("x" \[3, 3, 1\], padding "valid"\): the output height would be -1 < 1 \(kernelSize \[5, 5\]\)$/),
  e("conv2d-dilated-kernel-too-wide", "nodes.c.kernelSize", /^conv2d "c": the kernel's width extent 7 \(3 taps, dilation 3\) exceeds the input's 6 \("a" \[6, 6, 2\], padding "valid"\): the output width would be 0 < 1 \(kernelSize \[2, 3\]\)$/),
  e("conv1d-strided-output-too-small", "nodes.c.kernelSize", /^conv1d "c": the kernel's steps extent 5 \(5 taps, dilation 1\) exceeds the input's 4 \("a" \[4, 2\], padding "valid"\): the output steps would be 0 < 1 \(kernelSize \[5\]\)$/),
  e("conv2d-on-rank1-input", "layers[0]", /^conv2d "conv2d1" needs a \[height, width, channels\] input \(rank 3 per sample\), but "x" \[16\] has rank 1$/),
  e("conv1d-on-rank3-input", "nodes.c.input", /^conv1d "c" needs a \[steps, channels\] input \(rank 2 per sample\), but "a" \[8, 8, 2\] has rank 3$/),
  e("conv2d-strides-zero", "layers[0].strides", /^expected a positive integer, got 0$/),
  e("dropout-rate-one", "layers[1].rate", /^expected a number in \[0, 1\), got 1$/),
  e("dropout-rate-negative", "layers[1].rate", /^expected a number in \[0, 1\), got -0\.2$/),
  e("dropout-rate-missing", "layers[1].rate", /^missing; expected a number in \[0, 1\)$/),
  e("batchNormalization-axis-out-of-range", "layers[1].axis", /^axis 3 is out of range for "conv2d1" \[6, 6, 4\] \(rank 3: axes -3\.\.2\)$/),
  e("batchNormalization-momentum-above-one", "layers[1].momentum", /^expected a number in \[0, 1\], got 1\.5$/),
  e("conv2d-strides-list-zero", "layers[0].strides[1]", /^expected a positive integer, got 0$/),
  e("conv2d-dilation-fraction", "layers[0].dilationRate", /^expected a positive integer, got 1\.5$/),
  e("conv1d-dilation-zero", "layers[0].dilationRate", /^expected a positive integer, got 0$/),
  e("conv2d-filters-zero", "layers[0].filters", /^expected a positive integer, got 0$/),
  e("conv2d-kernel-three-entries", "layers[0].kernelSize", /^expected a positive integer or \[kh, kw\] of positive integers, got \[3,3,3\]$/),
  e("conv2d-padding-typo", "layers[0].padding", /^unknown padding "smae"; did you mean "same"\? \(allowed: valid, same\)$/),
  e("maxPooling2d-pool-larger-than-input", "layers[0].poolSize", /^maxPooling2d "maxPooling2d1": the pool's height 5 exceeds the input's 4 \("x" \[4, 6, 1\], padding "valid"\): the output height would be 0 < 1 \(poolSize \[5, 5\]\)$/),
  e("averagePooling1d-strided-output-too-small", "nodes.c.poolSize", /^averagePooling1d "c": the pool's steps 5 exceeds the input's 4 \("a" \[4, 2\], padding "valid"\): the output steps would be 0 < 1 \(poolSize \[5\]\)$/),
  e("maxPooling1d-default-pool-on-one-step", "layers[0]", /^maxPooling1d "maxPooling1d1": the pool's steps 2 exceeds the input's 1 \("x" \[1, 3\], padding "valid"\): the output steps would be 0 < 1 \(poolSize \[2\], the default\)$/),
  e("maxPooling2d-on-rank1-input", "layers[0]", /^maxPooling2d "maxPooling2d1" needs a \[height, width, channels\] input \(rank 3 per sample\), but "x" \[16\] has rank 1$/),
  e("globalAveragePooling2d-on-rank2-input", "nodes.g.input", /^globalAveragePooling2d "g" needs a \[height, width, channels\] input \(rank 3 per sample\), but "a" \[5, 4\] has rank 2$/),
  e("maxPooling2d-strides-zero", "layers[0].strides", /^expected a positive integer, got 0$/),
  e("averagePooling2d-poolSize-list-zero", "layers[0].poolSize[1]", /^expected a positive integer, got 0$/),
  e("maxPooling1d-strides-zero", "layers[0].strides[0]", /^expected a positive integer, got 0$/),
  e("depthwise-kernel-larger-than-input", "layers[0].kernelSize", /^depthwiseConv2d "depthwiseConv2d1": the kernel's width extent 4 \(4 taps, dilation 1\) exceeds the input's 3 \("x" \[4, 3, 2\], padding "valid"\): the output width would be 0 < 1 \(kernelSize \[2, 4\]\)$/),
  e("depthwise-dilated-kernel-too-wide", "nodes.d.kernelSize", /^depthwiseConv2d "d": the kernel's width extent 7 \(3 taps, dilation 3\) exceeds the input's 6 \("x" \[6, 6, 2\], padding "valid"\): the output width would be 0 < 1 \(kernelSize \[2, 3\]\)$/),
  e("depthwise-on-rank1-input", "layers[0]", /^depthwiseConv2d "depthwiseConv2d1" needs a \[height, width, channels\] input \(rank 3 per sample\), but "x" \[16\] has rank 1$/),
  e("depthwise-strides-zero", "layers[0].strides", /^expected a positive integer, got 0$/),
  e("depthwise-dilation-list-zero", "layers[0].dilationRate[1]", /^expected a positive integer, got 0$/),
  e("depthwise-multiplier-zero", "layers[0].depthMultiplier", /^expected a positive integer, got 0$/),

  // ---- Loss terms: custom and sparse losses, weights ----
  e("custom-loss-not-scalar", "loss.node", /^a custom loss node must be a per-sample scalar \(shape \[\]; reduce it with "sum" or "mean"\), but "sq" has shape \[4, 3\]$/),
  e("sparse-target-wrong-shape", "loss", /^sparseSoftmaxCrossEntropy needs a target of shape \[4\] \(the output "out" \[4, 10\] without its last axis\), but target "y" has shape \[4, 10\]$/),
  e("sparse-target-float", "loss.target", /^sparseSoftmaxCrossEntropy needs an int32 target of class indices, but target "y" is float/),
  e("loss-weight-negative", "loss[1].weight", /^expected a finite number ≥ 0, got -1$/),

  // ---- Hostile: pollution keys, absurd nesting and length, escape codes, many problems ----
  e("proto-root-key", "__proto__", /^unknown key "__proto__" \(allowed: \$schema, name, dtype, target, maxBatch/),
  e("constructor-in-layer", "layers[0].constructor", /^unknown key "constructor" \(allowed: type, name, units/),
  e("deep-nesting", "inputs.x[0]", /^expected a positive integer, got an array/),
  e("long-reference", "nodes.h.input", /^unknown node "n{58}… \(known: x, out\)$/),
  e("escape-codes-in-reference", "nodes.h.input", /^unknown node "\\u001b\[31mred\\u001b\[0m\\u0007" \(known: x, out\)/),
  e("many-problems", "layers[0].units", /^expected a positive integer, got -1\n(tapeless: many-problems\.json:\d+:\d+: layers\[\d+\]\.units: expected a positive integer, got -1\n){19}tapeless: many-problems\.json: … and 80 more problems$/),
];
