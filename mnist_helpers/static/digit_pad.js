// The digit pad: draw a digit and watch a network read it, layer by layer.
//
// One plain ES module, no build step and no dependencies, used in two places:
// - the notebook widget (mnist_helpers/pad.py, anywidget): the default export draws the
//   pad and sends the strokes to Python, which preprocesses, runs the model and sends
//   back what this module shows;
// - the offline site (tools/pad_site.py): mountSitePad() runs everything in the browser,
//   with preprocess() mirroring mnist_helpers/images.py step by step and forward()
//   running the exported weights (mnist_helpers.pad.export_model).

export const CANVAS = 280; // the drawing surface in its own pixels (pad.py: CANVAS)
export const PEN = 22; // stroke width on it (pad.py: PEN)

// ---------------------------------------------------------------------------------------
// Preprocessing: mnist_helpers/images.py, preprocess_steps() and centre_by_mass().
// numpy computes in float32 here, so each float32 operation is rounded with fround;
// that keeps every threshold, crop and rounding decision identical to Python's.

const f32 = Math.fround;

export class NoDigitError extends Error {}

// Python's round(): halves go to the even neighbour.
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// numpy's median of float32 values: the mean of the two middle ones for an even count.
function median(values) {
  const sorted = Float32Array.from(values).sort();
  const mid = sorted.length >> 1;
  if (sorted.length % 2) return sorted[mid];
  return f32(f32(sorted[mid - 1] + sorted[mid]) / 2);
}

// The first and last row and column, as numpy's np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]]).
function border(image, width, height) {
  const values = [];
  for (let x = 0; x < width; x++) values.push(image[x], image[(height - 1) * width + x]);
  for (let y = 0; y < height; y++) values.push(image[y * width], image[y * width + width - 1]);
  return values;
}

// numpy's pairwise summation (np.sum), with `round` after each addition (fround for float32).
function pairwiseSum(values, start, n, round) {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = round(sum + values[start + i]);
    return sum;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => values[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = round(r[j] + values[start + i + j]);
    }
    let sum = round(
      round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])),
    );
    for (; i < n; i++) sum = round(sum + values[start + i]);
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return round(pairwiseSum(values, start, half, round) + pairwiseSum(values, start + half, n - half, round));
}

// Pillow's Lanczos filter (support 3), as in its Resample.c.
function lanczos(x) {
  const sinc = (t) => (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t));
  return x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

// Pillow's fixed-point coefficients for resizing inSize pixels to outSize along one axis.
function resizeCoefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 3 * filterScale;
  const taps = [];
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const end = Math.min(Math.trunc(center + support + 0.5), inSize);
    const weights = [];
    for (let x = first; x < end; x++) weights.push(lanczos((x - center + 0.5) * (1 / filterScale)));
    const total = weights.reduce((a, b) => a + b, 0);
    const fixed = weights.map((w) => {
      const k = total !== 0 ? w / total : w;
      return Math.trunc(k < 0 ? -0.5 + k * 2 ** 22 : 0.5 + k * 2 ** 22);
    });
    taps.push({ first, fixed });
  }
  return taps;
}

// One pass of Pillow's 8-bit resampling, along rows (horizontal) or columns.
function resamplePass(pixels, width, height, outSize, horizontal) {
  const taps = resizeCoefficients(horizontal ? width : height, outSize);
  const outWidth = horizontal ? outSize : width;
  const outHeight = horizontal ? height : outSize;
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { first, fixed } = taps[horizontal ? x : y];
      let sum = 2 ** 21;
      for (let i = 0; i < fixed.length; i++) {
        const source = horizontal ? y * width + first + i : (first + i) * width + x;
        sum += pixels[source] * fixed[i];
      }
      out[y * outWidth + x] = Math.min(Math.max(Math.floor(sum / 2 ** 22), 0), 255);
    }
  }
  return out;
}

// Image.fromarray(uint8).resize((outWidth, outHeight), Image.LANCZOS) for a gray image.
// Pillow 13 runs the vertical pass first when the height shrinks more than twice as much
// as the width (earlier releases always start with the horizontal one).
function resizeLanczos(pixels, width, height, outWidth, outHeight) {
  const shrink = height - outHeight;
  if (shrink > 0 && shrink > (width - outWidth) * 2) {
    if (outHeight !== height) pixels = resamplePass(pixels, width, height, outHeight, false);
    if (outWidth !== width) pixels = resamplePass(pixels, width, outHeight, outWidth, true);
    return pixels;
  }
  if (outWidth !== width) pixels = resamplePass(pixels, width, height, outWidth, true);
  if (outHeight !== height) pixels = resamplePass(pixels, outWidth, height, outHeight, false);
  return pixels;
}

// centre_by_mass(): paste the digit into a 28×28 black frame, centre of mass in the middle.
function centreByMass(digit, width, height, size = 28) {
  const total = pairwiseSum(digit, 0, digit.length, f32);
  // int64 row and column numbers times float32 values: float64 in numpy, exact here too
  const rowsAt = Float64Array.from(digit, (v, i) => Math.floor(i / width) * v);
  const colsAt = Float64Array.from(digit, (v, i) => (i % width) * v);
  const ident = (v) => v;
  const top = roundHalfEven(size / 2 - pairwiseSum(rowsAt, 0, rowsAt.length, ident) / total);
  const left = roundHalfEven(size / 2 - pairwiseSum(colsAt, 0, colsAt.length, ident) / total);
  const frame = new Float32Array(size * size);
  for (let y = Math.max(top, 0); y < Math.min(top + height, size); y++) {
    for (let x = Math.max(left, 0); x < Math.min(left + width, size); x++) {
      frame[y * size + x] = digit[(y - top) * width + (x - left)];
    }
  }
  return frame;
}

// preprocess_steps(gray)["centred"]: gray is a Float32Array in [0, 1], 0 = black, row by row.
export function preprocess(gray, width, height) {
  const n = width * height;
  const ink = new Float32Array(n);
  const invert = median(border(gray, width, height)) > 0.5; // dark ink on light paper
  for (let i = 0; i < n; i++) ink[i] = invert ? f32(1 - gray[i]) : gray[i];

  const background = median(border(ink, width, height));
  const peak = ink.reduce((a, b) => Math.max(a, b), -Infinity);
  const range = f32(peak - background);
  if (range < f32(0.1)) throw new NoDigitError("no digit found: the image has no visible ink");
  const cleaned = new Float32Array(n);
  let top = height, bottom = -1, left = width, right = -1;
  for (let i = 0; i < n; i++) {
    const value = Math.min(Math.max(f32(f32(ink[i] - background) / range), 0), 1);
    cleaned[i] = value < f32(0.2) ? 0 : value; // drop faint noise and paper texture
    if (cleaned[i] > 0.5) {
      const y = Math.floor(i / width), x = i % width;
      top = Math.min(top, y), bottom = Math.max(bottom, y);
      left = Math.min(left, x), right = Math.max(right, x);
    }
  }

  const cropWidth = right - left + 1, cropHeight = bottom - top + 1;
  const cropped = new Uint8Array(cropWidth * cropHeight); // (cropped * 255).astype(np.uint8)
  for (let y = 0; y < cropHeight; y++) {
    for (let x = 0; x < cropWidth; x++) {
      cropped[y * cropWidth + x] = Math.trunc(f32(cleaned[(top + y) * width + left + x] * 255));
    }
  }

  const scale = 20 / Math.max(cropWidth, cropHeight);
  const fitWidth = Math.max(1, roundHalfEven(cropWidth * scale));
  const fitHeight = Math.max(1, roundHalfEven(cropHeight * scale));
  const resized = resizeLanczos(cropped, cropWidth, cropHeight, fitWidth, fitHeight);
  const fitted = Float32Array.from(resized, (v) => f32(v / 255));
  const brightest = Math.max(fitted.reduce((a, b) => Math.max(a, b), 0), f32(1e-6));
  for (let i = 0; i < fitted.length; i++) fitted[i] = f32(fitted[i] / brightest);

  return centreByMass(fitted, fitWidth, fitHeight);
}

// to_model_input(): normalise with the training mean and standard deviation.
export function normalise(digit, mean, std) {
  return Float32Array.from(digit, (v) => f32(f32(v - f32(mean)) / f32(std)));
}

// ---------------------------------------------------------------------------------------
// The forward pass over exported weights: manifest.steps run one after another.

// The network from its manifest (JSON) and its weights (an ArrayBuffer of float32).
export function netFromBuffers(manifest, buffer) {
  const tensors = {};
  for (const [name, { offset, shape }] of Object.entries(manifest.tensors)) {
    const count = shape.reduce((a, b) => a * b, 1);
    tensors[name] = { data: new Float32Array(buffer, offset, count), shape };
  }
  return { ...manifest, tensors };
}

export async function loadNet(manifestUrl) {
  const manifest = await (await fetch(manifestUrl)).json();
  const weights = await fetch(new URL(manifest.weights, new URL(manifestUrl, document.baseURI)));
  return netFromBuffers(manifest, await weights.arrayBuffer());
}

// nn.Conv2d with stride 1 and zero padding: [C, H, W] -> [O, H', W']. Each weight is
// applied to a whole shifted plane at once, over the rows and columns it reaches.
function conv2d(x, [channels, height, width], weight, bias, padding) {
  const [outChannels, , kh, kw] = weight.shape;
  const outHeight = height + 2 * padding - kh + 1;
  const outWidth = width + 2 * padding - kw + 1;
  const size = outHeight * outWidth;
  const out = new Float64Array(outChannels * size);
  for (let o = 0; o < outChannels; o++) {
    const plane = out.subarray(o * size, (o + 1) * size).fill(bias.data[o]);
    for (let c = 0; c < channels; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const w = weight.data[((o * channels + c) * kh + i) * kw + j];
          // output (y, xo) reads input (y + i - padding, xo + j - padding), when inside
          const yEnd = Math.min(outHeight, height + padding - i);
          const xStart = Math.max(0, padding - j);
          const xEnd = Math.min(outWidth, width + padding - j);
          for (let y = Math.max(0, padding - i); y < yEnd; y++) {
            const source = (c * height + y + i - padding) * width + j - padding;
            for (let xo = xStart; xo < xEnd; xo++) plane[y * outWidth + xo] += w * x[source + xo];
          }
        }
      }
    }
  }
  return [out, [outChannels, outHeight, outWidth]];
}

// nn.MaxPool2d(size): [C, H, W] -> [C, H / size, W / size], rounding down.
function maxpool2d(x, [channels, height, width], size) {
  const outHeight = Math.floor(height / size), outWidth = Math.floor(width / size);
  const out = new Float64Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++) {
        let best = -Infinity;
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            best = Math.max(best, x[(c * height + y * size + i) * width + xo * size + j]);
          }
        }
        out[(c * outHeight + y) * outWidth + xo] = best;
      }
    }
  }
  return [out, [channels, outHeight, outWidth]];
}

// nn.Linear on the flattened input (torch.flatten and x.view(-1, 784) keep this order).
function linear(x, weight, bias) {
  const [outFeatures, inFeatures] = weight.shape;
  const out = new Float64Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    let sum = bias.data[o];
    for (let i = 0; i < inFeatures; i++) sum += weight.data[o * inFeatures + i] * x[i];
    out[o] = sum;
  }
  return [out, [outFeatures]];
}

function softmax(logits) {
  const top = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}

// The network on one normalised 28×28 input: the digit, ten probabilities, hidden layers.
export function forward(net, input) {
  let x = Float64Array.from(input);
  let shape = [1, 28, 28];
  const layers = [];
  for (const step of net.steps) {
    const weight = net.tensors[`${step.layer}.weight`];
    const bias = net.tensors[`${step.layer}.bias`];
    if (step.op === "conv2d") [x, shape] = conv2d(x, shape, weight, bias, step.padding);
    else if (step.op === "maxpool2d") [x, shape] = maxpool2d(x, shape, step.size);
    else if (step.op === "linear") [x, shape] = linear(x, weight, bias);
    else if (step.op === "relu") {
      x = x.map((v) => (v > 0 ? v : 0));
      if (step.show) layers.push({ name: step.show, shape: [...shape], values: x });
    } else throw new Error(`unknown step ${step.op}`);
  }
  const probabilities = softmax(x);
  const digit = probabilities.indexOf(Math.max(...probabilities));
  return { digit, probabilities, layers };
}

// Everything the site does with the pixels of the canvas.
export function readDigit(net, gray, width, height) {
  const input = preprocess(gray, width, height);
  return { ...forward(net, normalise(input, net.mean, net.std)), input };
}

// ---------------------------------------------------------------------------------------
// The pad on screen: canvas and Clear button, the prediction, the ten bars, the 28×28
// input and the hidden layers. `show(reading)` takes what readDigit() or Python returns.

function element(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.append(node);
  return node;
}

// Values in [0, max] as colours from pale (0) to deep blue (max).
function paint(canvas, values, width, height, max) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const t = max > 0 ? Math.min(values[i] / max, 1) : 0;
    image.data.set([240 - 215 * t, 243 - 173 * t, 247 - 87 * t, values[i] < 0 ? 0 : 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}

// A hidden layer as one picture: feature maps side by side (each shown 28 px wide),
// or units in rows of 32 (each 8 px).
function paintLayer(canvas, { shape, values }) {
  const max = values.reduce((a, b) => Math.max(a, b), 0);
  if (shape.length === 1) {
    const cols = 32, rows = Math.ceil(shape[0] / cols);
    const cells = Float64Array.from({ length: cols * rows }, (_, i) => (i < shape[0] ? values[i] : -1));
    paint(canvas, cells, cols, rows, max);
    canvas.style.width = `${8 * cols}px`;
    return;
  }
  const [maps, height, width] = shape;
  const cols = Math.min(maps, 12), rows = Math.ceil(maps / cols);
  const gridWidth = cols * (width + 1) - 1, gridHeight = rows * (height + 1) - 1;
  const grid = new Float64Array(gridWidth * gridHeight).fill(-1); // -1: the gaps, transparent
  for (let m = 0; m < maps; m++) {
    const left = (m % cols) * (width + 1), top = Math.floor(m / cols) * (height + 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        grid[(top + y) * gridWidth + left + x] = values[(m * height + y) * width + x];
      }
    }
  }
  paint(canvas, grid, gridWidth, gridHeight, max);
  canvas.style.width = `${Math.round((gridWidth * 28) / width)}px`;
}

export function createPad(root, labels, lang) {
  root.classList.add("digit-pad");
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  const draw = element("div", "dp-draw", root);
  const canvas = element("canvas", "dp-canvas", draw);
  canvas.width = canvas.height = CANVAS;
  canvas.dataset.role = "digit-pad";
  canvas.setAttribute("aria-label", labels.title);
  const clear = element("button", "dp-clear", draw, labels.clear);
  clear.type = "button";
  clear.dataset.role = "clear";

  const read = element("div", "dp-read", root);
  const prediction = element("p", "dp-prediction", read, labels.empty);
  prediction.dataset.role = "prediction";
  prediction.setAttribute("aria-live", "polite");
  element("p", "dp-caption", read, labels.probabilities);
  const bars = element("div", "dp-bars", read);
  const rows = Array.from({ length: 10 }, (_, digit) => {
    const row = element("div", "dp-bar", bars);
    element("span", "dp-digit", row, String(digit));
    const track = element("span", "dp-track", row);
    const fill = element("span", "dp-fill", track);
    const value = element("span", "dp-value", row);
    return { row, fill, value };
  });
  const seen = element("figure", "dp-input", read);
  const inputCanvas = element("canvas", "", seen);
  inputCanvas.width = inputCanvas.height = 28;
  element("figcaption", "", seen, labels.input);

  const hidden = element("div", "dp-layers", root);
  element("p", "dp-caption", hidden, labels.layers);
  const layerList = element("div", "dp-layer-list", hidden);

  const context = canvas.getContext("2d", { willReadFrequently: true });
  let strokes = [];
  const pad = { canvas, strokes: () => strokes, onStroke: () => {}, onDraw: () => {}, onClear: () => {} };

  function blank() {
    context.fillStyle = "#fff";
    context.fillRect(0, 0, CANVAS, CANVAS);
    context.lineWidth = PEN;
    context.lineCap = context.lineJoin = "round";
    context.strokeStyle = context.fillStyle = "#000";
  }
  function segment(from, to) {
    context.beginPath();
    context.moveTo(...from);
    context.lineTo(...to);
    context.stroke();
  }

  pad.drawStrokes = (list) => {
    strokes = list.map((stroke) => stroke.map(([x, y]) => [x, y]));
    blank();
    for (const stroke of strokes) stroke.forEach((p, i) => segment(stroke[Math.max(i - 1, 0)], p));
  };

  pad.gray = () => {
    const { data } = context.getImageData(0, 0, CANVAS, CANVAS);
    return Float32Array.from({ length: CANVAS * CANVAS }, (_, i) => f32(data[4 * i] / 255));
  };

  pad.show = (reading) => {
    const ready = reading && reading.probabilities;
    prediction.textContent = ready ? `${labels.prediction}: ` : (reading && reading.error) || labels.empty;
    if (ready) element("strong", "", prediction, String(reading.digit));
    rows.forEach(({ row, fill, value }, digit) => {
      const p = ready ? reading.probabilities[digit] : 0;
      fill.style.width = `${100 * p}%`;
      value.textContent = ready ? percent.format(p) : "";
      row.classList.toggle("dp-top", Boolean(ready) && digit === reading.digit);
    });
    paint(inputCanvas, ready ? reading.input : new Float32Array(784), 28, 28, 1);
    layerList.replaceChildren();
    for (const layer of ready ? reading.layers : []) {
      const figure = element("figure", "dp-layer", layerList);
      paintLayer(element("canvas", "", figure), layer);
      element("figcaption", "", figure, `${layer.name} · ${layer.shape.join("×")}`);
    }
  };

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * CANVAS) / box.width,
      ((event.clientY - box.top) * CANVAS) / box.height,
    ];
  }
  let drawing = false;
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    const p = point(event);
    strokes.push([p]);
    segment(p, p);
    pad.onDraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const stroke = strokes[strokes.length - 1];
    const p = point(event);
    segment(stroke[stroke.length - 1], p);
    stroke.push(p);
    pad.onDraw();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    pad.onStroke(strokes);
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  clear.addEventListener("click", () => {
    pad.drawStrokes([]);
    pad.show(null);
    pad.onClear();
  });

  blank();
  pad.show(null);
  return pad;
}

// ---------------------------------------------------------------------------------------
// The offline site: the model runs here, on every frame of a stroke and at its end.

export async function mountSitePad(root, { manifest, labels, lang }) {
  const pad = createPad(root, labels, lang);
  const status = root.querySelector("[data-role=prediction]");
  status.textContent = labels.loading;
  let net;
  try {
    net = await loadNet(manifest);
  } catch (error) {
    status.textContent = labels.failed; // e.g. a page opened as a file, not served
    throw error;
  }
  const read = () => {
    try {
      pad.show(readDigit(net, pad.gray(), CANVAS, CANVAS));
    } catch (error) {
      if (!(error instanceof NoDigitError)) throw error;
      pad.show(null);
    }
  };
  let frame = 0;
  pad.onDraw = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), read()));
  };
  pad.onStroke = read;
  pad.show(null);
  return pad;
}

// ---------------------------------------------------------------------------------------
// The notebook widget (anywidget): Python reads the strokes; this shows its reading.

function render({ model, el }) {
  const pad = createPad(el, model.get("labels"), model.get("lang"));
  pad.drawStrokes(model.get("strokes"));
  const redraw = () => pad.drawStrokes(model.get("strokes")); // strokes set from Python
  model.on("change:strokes", redraw);
  const send = (strokes) => {
    model.set("strokes", strokes.map((stroke) => stroke.map((p) => [...p])));
    model.save_changes();
  };
  pad.onStroke = send;
  pad.onClear = () => send([]);
  const update = () => pad.show(model.get("reading"));
  model.on("change:reading", update);
  update();
  return () => {
    model.off("change:reading", update);
    model.off("change:strokes", redraw);
  };
}

export default { render };
