// The spinecho page: Simulate and Infer views over the JSON API of 'spinecho serve'.
// (No template literals here: the build filters resources for Maven properties.)
'use strict';

const COLORS = { re: '#1f77b4', im: '#d62728', abs: '#111111', model: '#2ca02c', fit: '#9467bd', grey: '#7f7f7f' };
const PIN_COLORS = ['#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#7f7f7f'];
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024; // the server's default limit; it answers 413 above its own
const PLOT_CONFIG = { responsive: true, displaylogo: false, displayModeBar: 'hover',
  toImageButtonOptions: { format: 'png', scale: 2 } };
const MODEBAR = { orientation: 'v' }; // beside the plot, not over its title
const FONT = { family: 'system-ui, "DejaVu Sans", sans-serif', size: 13, color: '#1d2329' };

function $(id) { return document.getElementById(id); }

function fmt(v, digits) {
  if (v === null || v === undefined || !isFinite(v)) { return '–'; }
  return Number(v).toPrecision(digits || 4);
}

async function api(path, body, method) {
  const init = { method: method || (body === undefined ? 'GET' : 'POST') };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Error('the server does not answer (is spinecho serve still running?)');
  }
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  if (!response.ok) {
    const message = json && json.error ? json.error : 'HTTP ' + response.status;
    throw new Error(message);
  }
  return json;
}

function showError(id, message) {
  const el = $(id);
  if (message) {
    el.textContent = message;
    el.classList.remove('hidden');
  } else {
    el.textContent = '';
    el.classList.add('hidden');
  }
}

function times(curve) {
  const t = new Array(curve.re.length);
  for (let i = 0; i < t.length; i++) { t[i] = (i + 1) * curve.dt_us; }
  return t;
}

function magnitude(curve) {
  return curve.re.map(function (r, i) { return Math.hypot(r, curve.im[i]); });
}

function pulseMarks(curve) {
  const line = { type: 'line', yref: 'paper', y0: 0, y1: 1, line: { dash: 'dash', width: 1.2, color: '#555' } };
  return {
    shapes: [
      Object.assign({}, line, { x0: curve.pi_pulse_us, x1: curve.pi_pulse_us }),
      Object.assign({}, line, { x0: curve.echo_us, x1: curve.echo_us })
    ],
    annotations: [
      { x: curve.pi_pulse_us, y: 1, yref: 'paper', yanchor: 'bottom', showarrow: false,
        text: 'π pulse, τ = ' + fmt(curve.pi_pulse_us, 3) + ' µs' },
      { x: curve.echo_us, y: 1, yref: 'paper', yanchor: 'bottom', showarrow: false,
        text: 'echo, 2τ = ' + fmt(curve.echo_us, 3) + ' µs' }
    ]
  };
}

const AXIS_T = { title: { text: 't (µs)' }, zeroline: false, showline: true, mirror: true, ticks: 'outside' };
const AXIS_M = { title: { text: 'M (Bloch units; |M₀| = ½)' }, zeroline: true, zerolinecolor: '#ccc',
  showline: true, mirror: true, ticks: 'outside' };

// ---------------------------------------------------------------- tabs

document.querySelectorAll('.tab').forEach(function (tab) {
  tab.addEventListener('click', function () {
    document.querySelectorAll('.tab').forEach(function (t) { t.classList.toggle('active', t === tab); });
    document.querySelectorAll('.view').forEach(function (v) {
      v.classList.toggle('hidden', v.id !== 'view-' + tab.dataset.view);
    });
    window.dispatchEvent(new Event('resize')); // plots drawn while hidden take their size now
  });
});

// ---------------------------------------------------------------- Simulate

const sim = { curve: null, request: null, pins: [], sequence: 0, timer: null, inFlight: false, again: false };

function linkSlider(id) {
  const range = $(id);
  const number = $(id + '-value');
  range.addEventListener('input', function () { number.value = range.value; scheduleSimulation(); });
  number.addEventListener('change', function () {
    if (number.value !== '' && isFinite(Number(number.value))) {
      range.value = number.value; // the number may go beyond the slider's range
    }
    scheduleSimulation();
  });
}
['sim-alpha', 'sim-xi', 'sim-power', 'sim-d', 'sim-flip', 'sim-noise'].forEach(linkSlider);
['sim-lattice', 'sim-seed'].forEach(function (id) { $(id).addEventListener('change', scheduleSimulation); });
$('sim-kernel').addEventListener('change', function () {
  const k = $('sim-kernel').value;
  $('row-xi').classList.toggle('hidden', k === 'power' || k === 'uniform');
  $('row-power').classList.toggle('hidden', k !== 'power');
  scheduleSimulation();
});

function numberOf(id) {
  const text = $(id).value.trim();
  return text === '' ? NaN : Number(text);
}

function simulationRequest() {
  const kernel = $('sim-kernel').value;
  const request = {
    kernel: kernel,
    alpha: numberOf('sim-alpha-value'),
    d: numberOf('sim-d-value'),
    'flip-angle': numberOf('sim-flip-value') * Math.PI / 180,
    lattice: $('sim-lattice').value.trim(),
    'layout-seed': $('sim-seed').value.trim(),
    noise: numberOf('sim-noise-value'),
    'noise-seed': 1
  };
  if (kernel === 'gauss' || kernel === 'rkky') { request.xi = numberOf('sim-xi-value'); }
  if (kernel === 'power') { request.power = numberOf('sim-power-value'); }
  for (const key of Object.keys(request)) {
    if (typeof request[key] === 'number' && !isFinite(request[key])) {
      throw new Error(key + ' must be a number');
    }
  }
  return request;
}

function scheduleSimulation() {
  clearTimeout(sim.timer);
  sim.timer = setTimeout(runSimulation, 40);
}

async function runSimulation() {
  if (sim.inFlight) { sim.again = true; return; } // only the latest settings are simulated next
  let request;
  try {
    request = simulationRequest();
  } catch (e) {
    showError('sim-error', e.message);
    return;
  }
  sim.inFlight = true;
  const started = performance.now();
  try {
    const curve = await api('/api/simulate', request);
    sim.curve = curve;
    sim.request = request;
    showError('sim-error', null);
    drawSimulation();
    $('sim-status').textContent = 'simulated ' + curve.re.length + ' samples in ' +
      Math.round(performance.now() - started) + ' ms';
  } catch (e) {
    showError('sim-error', e.message);
  } finally {
    sim.inFlight = false;
    if (sim.again) { sim.again = false; runSimulation(); }
  }
}

function label(request) {
  let s = request.kernel + ' α=' + request.alpha;
  if (request.xi !== undefined) { s += ' ξ=' + request.xi; }
  if (request.power !== undefined) { s += ' p=' + request.power; }
  s += ' d=' + request.d;
  const deg = Math.round(request['flip-angle'] * 180 / Math.PI);
  if (deg !== 90) { s += ' θ=' + deg + '°'; }
  if (request.noise > 0) { s += ' σ=' + request.noise; }
  return s;
}

function drawSimulation() {
  const c = sim.curve;
  const t = times(c);
  const traces = [];
  sim.pins.forEach(function (pin, k) {
    const color = PIN_COLORS[k % PIN_COLORS.length];
    traces.push({ x: times(pin.curve), y: magnitude(pin.curve), name: '|M| ' + pin.label, mode: 'lines',
      line: { color: color, width: 1.5, dash: 'dot' } });
    traces.push({ x: times(pin.curve), y: pin.curve.re, name: 'Re M ' + pin.label, mode: 'lines',
      line: { color: color, width: 1 }, opacity: 0.45, visible: 'legendonly' });
  });
  traces.push({ x: t, y: c.re, name: 'Re M', mode: 'lines', line: { color: COLORS.re, width: 1.6 } });
  traces.push({ x: t, y: c.im, name: 'Im M', mode: 'lines', line: { color: COLORS.im, width: 1.6 } });
  traces.push({ x: t, y: magnitude(c), name: '|M|', mode: 'lines', line: { color: COLORS.abs, width: 2.2 } });
  const marks = pulseMarks(c);
  const layout = {
    title: { text: label(sim.request) + '  (' + sim.request.lattice + ', layout seed ' + sim.request['layout-seed'] + ')' },
    xaxis: AXIS_T, yaxis: AXIS_M, font: FONT, shapes: marks.shapes, annotations: marks.annotations,
    legend: { orientation: 'h', y: -0.14 }, margin: { l: 70, r: 20, t: 60, b: 60 }, hovermode: 'x unified',
    uirevision: 'sim', modebar: MODEBAR
  };
  Plotly.react('sim-plot', traces, layout, PLOT_CONFIG);
  const plot = $('sim-plot');
  plot.dataset.revision = String(Number(plot.dataset.revision || 0) + 1);
}

$('sim-pin').addEventListener('click', function () {
  if (!sim.curve) { return; }
  sim.pins.push({ curve: sim.curve, label: label(sim.request) });
  drawSimulation();
});
$('sim-clear').addEventListener('click', function () { sim.pins = []; if (sim.curve) { drawSimulation(); } });

function curveText(curve) {
  // the two-column text of 'spinecho simulate': one line "Re Im" per sample, 17 significant digits
  const lines = curve.re.map(function (r, i) { return r.toExponential(16) + ' ' + curve.im[i].toExponential(16); });
  return lines.join('\n') + '\n';
}

$('sim-download').addEventListener('click', function () {
  if (!sim.curve) { return; }
  const r = sim.request;
  const name = 'curve-' + r.kernel + '-a' + r.alpha + (r.xi !== undefined ? '-xi' + r.xi : '') + '-d' + r.d + '.txt';
  const url = URL.createObjectURL(new Blob([curveText(sim.curve)], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
});

$('sim-to-infer').addEventListener('click', function () {
  if (!sim.curve) { return; }
  $('infer-text').value = curveText(sim.curve);
  if (sim.request.kernel === 'gauss' || sim.request.kernel === 'rkky') { $('infer-kernel').value = sim.request.kernel; }
  $('tab-infer').click();
  runInference();
});

// ---------------------------------------------------------------- Infer

const inf = { curve: null, estimate: null, model: null, fit: null, fitId: null, fitTimer: null, misfit: null,
  misfitId: null, misfitTimer: null };

$('infer-file').addEventListener('change', function () {
  const file = $('infer-file').files[0];
  if (!file) { return; }
  if (file.size > MAX_UPLOAD_BYTES) {
    showError('infer-error', file.name + ' is ' + (file.size / 1048576).toFixed(1) + ' MB; a curve file must be ' +
      'below ' + (MAX_UPLOAD_BYTES / 1048576) + ' MB (one curve of a few thousand samples is well below 1 MB)');
    $('infer-file').value = '';
    return;
  }
  const reader = new FileReader();
  reader.onload = function () {
    $('infer-text').value = reader.result;
    runInference(file.name);
  };
  reader.onerror = function () { showError('infer-error', 'cannot read ' + file.name); };
  reader.readAsText(file);
});
$('infer-run').addEventListener('click', function () { runInference(); });
$('infer-kernel').addEventListener('change', function () { if (inf.curve) { runInference(); } });

function setFitButtons(running) {
  $('fit-run').disabled = running || !inf.estimate;
  $('fit-cancel').disabled = !running;
  $('fit-progress').classList.toggle('hidden', !running);
}

function setMisfitButtons(running) {
  $('misfit-run').disabled = running || !inf.estimate;
  $('misfit-cancel').disabled = !running;
  $('misfit-progress').classList.toggle('hidden', !running);
  if (!running) { $('misfit-progress').querySelector('.bar').style.width = '0'; }
}

async function runInference(name) {
  showError('infer-error', null);
  stopFitPolling();
  stopMisfitPolling();
  inf.fit = null;
  inf.estimate = null;
  inf.misfit = null;
  setFitButtons(false);
  setMisfitButtons(false);
  $('fit-status').textContent = '';
  $('misfit-status').textContent = '';
  $('fit-note').textContent = '';
  $('estimate-table').classList.remove('with-fit');
  $('estimate-table').classList.add('hidden'); // no stale results beside a new curve or an error
  Plotly.purge('plane-plot');
  Plotly.purge('curve-plot');
  $('infer-plots').classList.add('hidden');
  inf.curve = null;
  inf.model = null;
  const text = $('infer-text').value;
  if (text.trim() === '') {
    showError('infer-error', 'no curve: paste one or upload a file');
    return;
  }
  const kernel = $('infer-kernel').value;
  $('infer-status').textContent = 'reading the curve…';
  try {
    const curve = await api('/api/curve', { text: text, name: name || 'pasted text' });
    inf.curve = curve;
    $('infer-status').textContent = curve.samples + ' samples (' + curve.layout + '); estimating…';
    const estimate = await api('/api/predict', { kernel: kernel, re: curve.re, im: curve.im });
    inf.estimate = estimate;
    showEstimate();
    $('infer-status').textContent = curve.samples + ' samples (' + curve.layout + '); simulating the estimate…';
    inf.model = await api('/api/simulate', modelRequest(estimate, curve.samples));
    $('infer-status').textContent = curve.samples + ' samples (' + curve.layout + '). The model curve is the mean ' +
      'over 4 layouts (the sample\'s layout is unknown).';
    drawComparison();
    setFitButtons(false);
    setMisfitButtons(false);
  } catch (e) {
    $('infer-status').textContent = '';
    showError('infer-error', e.message);
  }
}

function modelRequest(p, samples) {
  return { kernel: p.kernel || $('infer-kernel').value, alpha: Math.max(0, p.alpha), xi: p.xi, d: p.d,
    ntau: Math.round(samples / 3), layouts: 4, 'layout-seed': 1, lattice: '50x50' };
}

function intervalText(iv) {
  return iv ? '[' + fmt(iv[0], 3) + ', ' + fmt(iv[1], 3) + ']' : '–';
}

function showEstimate() {
  const e = inf.estimate;
  ['alpha', 'xi', 'd'].forEach(function (k) {
    $('est-' + k).textContent = fmt(e[k], 4) + (e.sd ? ' ± ' + fmt(e.sd[k], 2) : '');
    $('int-' + k).textContent = e.interval_90 ? intervalText(e.interval_90[k]) : 'no calibration';
  });
  $('estimate-table').classList.remove('hidden');
  $('infer-plots').classList.remove('hidden');
  drawPlane();
}

function ellipse(cx, cy, cov, scale) {
  // the region (x − c)ᵀ C⁻¹ (x − c) ≤ scale² of the α–ξ block of the error covariance
  const a = cov[0][0], b = cov[0][1], d = cov[1][1];
  const tr = (a + d) / 2, det = Math.sqrt(Math.max(0, tr * tr - (a * d - b * b)));
  const l1 = Math.max(0, tr + det), l2 = Math.max(0, tr - det);
  const theta = Math.abs(b) < 1e-300 ? (a >= d ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b);
  const xs = [], ys = [];
  for (let i = 0; i <= 100; i++) {
    const phi = 2 * Math.PI * i / 100;
    const u = scale * Math.sqrt(l1) * Math.cos(phi), v = scale * Math.sqrt(l2) * Math.sin(phi);
    xs.push(cx + u * Math.cos(theta) - v * Math.sin(theta));
    ys.push(cy + u * Math.sin(theta) + v * Math.cos(theta));
  }
  return { x: xs, y: ys };
}

function drawPlane() {
  const e = inf.estimate;
  const traces = [];
  const box = e.prior;
  if (inf.misfit) {
    const m = inf.misfit;
    traces.push({ type: 'contour', x: m.alpha, y: m.xi, z: m.rms.map(function (row) {
      return row.map(function (v) { return Math.log10(Math.max(v, 1e-12)); });
    }), colorscale: 'Viridis', reversescale: true, ncontours: 14, opacity: 0.85, name: 'misfit',
    line: { width: 0.5 }, colorbar: { title: { text: 'log₁₀<br>misfit', side: 'top' }, thickness: 10, len: 0.75, x: 1.01 },
    hovertemplate: 'α = %{x:.3g}, ξ = %{y:.3g}: log₁₀ misfit %{z:.2f}<extra></extra>' });
    traces.push({ x: [m.minimum[0]], y: [m.minimum[1]], mode: 'markers', name: 'lowest misfit on the grid',
      marker: { color: '#fff', size: 9, symbol: 'x', line: { color: '#000', width: 1 } } });
  }
  traces.push({ x: [box.alpha[0], box.alpha[1], box.alpha[1], box.alpha[0], box.alpha[0]],
    y: [box.xi[0], box.xi[0], box.xi[1], box.xi[1], box.xi[0]], mode: 'lines', name: 'prior (training box)',
    line: { color: '#999', dash: 'dot', width: 1 }, hoverinfo: 'skip' });
  if (e.covariance) {
    const r = ellipse(e.alpha, e.xi, e.covariance, Math.sqrt(4.605)); // χ²₂ 90% quantile
    traces.push({ x: r.x, y: r.y, mode: 'lines', fill: 'toself', fillcolor: 'rgba(31,119,180,0.15)',
      line: { color: COLORS.re, width: 1 }, name: '90% region (local error covariance)', hoverinfo: 'skip' });
  }
  traces.push({ x: [e.alpha], y: [e.xi], mode: 'markers', name: 'network estimate',
    marker: { color: COLORS.re, size: 10, symbol: 'circle' },
    error_x: e.interval_90 ? { type: 'data', symmetric: false, array: [e.interval_90.alpha[1] - e.alpha],
      arrayminus: [e.alpha - e.interval_90.alpha[0]], color: COLORS.re } : undefined,
    error_y: e.interval_90 ? { type: 'data', symmetric: false, array: [e.interval_90.xi[1] - e.xi],
      arrayminus: [e.xi - e.interval_90.xi[0]], color: COLORS.re } : undefined,
    hovertemplate: 'network: α = %{x:.4g} rad/u, ξ = %{y:.4g}<extra></extra>' });
  if (inf.fit && inf.fit.fit) {
    const f = inf.fit;
    traces.push({ x: [f.fit.alpha], y: [f.fit.xi], mode: 'markers', name: 'fit',
      marker: { color: COLORS.fit, size: 10, symbol: 'diamond' },
      hovertemplate: 'fit: α = %{x:.4g} rad/u, ξ = %{y:.4g}<extra></extra>' });

  }
  const layout = {
    title: { text: 'α–ξ plane (' + e.kernel + (inf.misfit ? ', misfit at d = ' + fmt(inf.misfit.d, 3) : '') + ')',
      font: { size: 15 } }, font: FONT,
    xaxis: { title: { text: 'α, coupling (rad/u)' }, showline: true, mirror: true, ticks: 'outside', zeroline: false },
    yaxis: { title: { text: 'ξ, correlation length (lattice spacings)' }, showline: true, mirror: true, ticks: 'outside',
      zeroline: false },
    legend: { orientation: 'h', y: -0.2 }, margin: { l: 70, r: inf.misfit ? 95 : 40, t: 50, b: 60 }, modebar: MODEBAR
  };
  Plotly.react('plane-plot', traces, layout, PLOT_CONFIG);
}

function drawComparison() {
  const c = inf.curve;
  const m = inf.model;
  const t = times(m);
  const traces = [
    { x: t, y: c.re, name: 'Re M data', mode: 'lines', line: { color: COLORS.re, width: 1 }, opacity: 0.8 },
    { x: t, y: c.im, name: 'Im M data', mode: 'lines', line: { color: COLORS.im, width: 1 }, opacity: 0.8 },
    { x: t, y: m.re, name: 'Re M network estimate', mode: 'lines', line: { color: '#0b3c66', width: 2, dash: 'dash' } },
    { x: t, y: m.im, name: 'Im M network estimate', mode: 'lines', line: { color: '#7a1010', width: 2, dash: 'dash' } },
    { x: t, y: c.re.map(function (v, i) { return v - m.re[i]; }), name: 'Re residual (estimate)', mode: 'lines',
      line: { color: COLORS.re, width: 1 }, xaxis: 'x', yaxis: 'y2' },
    { x: t, y: c.im.map(function (v, i) { return v - m.im[i]; }), name: 'Im residual (estimate)', mode: 'lines',
      line: { color: COLORS.im, width: 1 }, xaxis: 'x', yaxis: 'y2' }
  ];
  const f = inf.fit;
  const fm = inf.fitModel; // the model curve at the fit (mean over 4 layouts)
  if (f && fm) {
    traces.push({ x: t, y: fm.re, name: 'Re M fit', mode: 'lines', line: { color: COLORS.fit, width: 1.6 } });
    traces.push({ x: t, y: fm.im, name: 'Im M fit', mode: 'lines', line: { color: '#c49bd8', width: 1.6 } });
    traces.push({ x: t, y: c.im.map(function (v, i) { return v - fm.im[i]; }), name: 'Im residual (fit)',
      mode: 'lines', line: { color: COLORS.fit, width: 1 }, yaxis: 'y2' });
  }
  const marks = pulseMarks(m);
  const rms = Math.sqrt(c.re.reduce(function (s, v, i) {
    const a = v - m.re[i], b = c.im[i] - m.im[i];
    return s + a * a + b * b;
  }, 0) / (2 * c.re.length));
  const layout = {
    title: { text: 'data and the re-simulated estimate (residual RMS ' + fmt(rms, 3) + ')', font: { size: 15 } }, font: FONT,
    grid: { rows: 2, columns: 1, roworder: 'top to bottom' },
    xaxis: Object.assign({}, AXIS_T, { anchor: 'y2' }),
    yaxis: Object.assign({}, AXIS_M, { domain: [0.36, 1], title: { text: 'M (Bloch units)' } }),
    yaxis2: { title: { text: 'data − model' }, domain: [0, 0.26], showline: true, mirror: true, ticks: 'outside',
      zeroline: true, zerolinecolor: '#999' },
    shapes: marks.shapes.map(function (s) { return Object.assign({}, s, { yref: 'paper' }); }),
    annotations: marks.annotations, legend: { orientation: 'h', y: -0.2, yanchor: 'top', font: { size: 11 } },
    margin: { l: 70, r: 30, t: 60, b: 40 }, hovermode: 'x unified', modebar: MODEBAR
  };
  Plotly.react('curve-plot', traces, layout, PLOT_CONFIG);
}

// ---------------------------------------------------------------- the likelihood fit

function stopFitPolling() {
  clearTimeout(inf.fitTimer);
  inf.fitTimer = null;
  inf.fitId = null;
}

$('fit-run').addEventListener('click', async function () {
  if (!inf.curve || !inf.estimate) { return; }
  showError('infer-error', null);
  setFitButtons(true);
  $('fit-status').textContent = 'starting the fit…';
  try {
    const status = await api('/api/fit', {
      kernel: inf.estimate.kernel, re: inf.curve.re, im: inf.curve.im,
      'layout-seeds': Number($('fit-layouts').value), lattice: $('fit-lattice').value.trim()
    });
    inf.fitId = status.id;
    pollFit();
  } catch (e) {
    setFitButtons(false);
    $('fit-status').textContent = '';
    showError('infer-error', e.message);
  }
});

$('fit-cancel').addEventListener('click', async function () {
  if (!inf.fitId) { return; }
  try {
    const status = await api('/api/fit/' + inf.fitId, undefined, 'DELETE');
    $('fit-status').textContent = 'fit ' + status.state + ' after ' + status.elapsed_s.toFixed(1) + ' s';
  } catch (e) {
    showError('infer-error', e.message);
  }
  stopFitPolling();
  setFitButtons(false);
});

async function pollFit() {
  const id = inf.fitId;
  if (!id) { return; }
  let status;
  try {
    status = await api('/api/fit/' + id);
  } catch (e) {
    showError('infer-error', e.message);
    stopFitPolling();
    setFitButtons(false);
    return;
  }
  if (inf.fitId !== id) { return; } // cancelled or replaced meanwhile
  if (status.state === 'queued' || status.state === 'running') {
    $('fit-status').textContent = status.state + ': ' + status.phase + ' — ' + status.elapsed_s.toFixed(0) + ' s';
    inf.fitTimer = setTimeout(pollFit, 500);
    return;
  }
  stopFitPolling();
  setFitButtons(false);
  if (status.state === 'done') {
    $('fit-status').textContent = 'fit done in ' + status.elapsed_s.toFixed(1) + ' s (' + status.result.iterations +
      ' iterations, ' + status.result.simulations + ' simulations)';
    showFit(status.result);
  } else if (status.state === 'failed') {
    $('fit-status').textContent = '';
    showError('infer-error', status.error);
  } else {
    $('fit-status').textContent = 'fit ' + status.state;
  }
}

async function showFit(result) {
  inf.fit = result;
  inf.fitModel = null;
  ['alpha', 'xi', 'd'].forEach(function (k) {
    $('fit-' + k).textContent = fmt(result.fit[k], 4) + ' ± ' + fmt(result.sd[k], 2);
    $('cint-' + k).textContent = intervalText(result.interval_90[k]);
  });
  $('estimate-table').classList.add('with-fit');
  let note = 'Likelihood fit: χ² ' + fmt(result.chi_square, 4) + ' for ' + result.dimension + ' binned values ' +
    '(a correct model gives about that many), noise σ ' + fmt(result.noise, 3) + ' per component.';
  if (result.warning) { note += ' Warning: ' + result.warning; }
  $('fit-note').textContent = note;
  drawPlane();
  try {
    inf.fitModel = await api('/api/simulate', modelRequest(Object.assign({ kernel: inf.estimate.kernel }, result.fit),
      inf.curve.samples));
  } catch (e) {
    showError('infer-error', e.message);
  }
  drawComparison();
}

// ---------------------------------------------------------------- the misfit valley

function stopMisfitPolling() {
  clearTimeout(inf.misfitTimer);
  inf.misfitTimer = null;
  inf.misfitId = null;
}

$('misfit-run').addEventListener('click', async function () {
  if (!inf.curve || !inf.estimate) { return; }
  showError('infer-error', null);
  setMisfitButtons(true);
  $('misfit-status').textContent = 'starting…';
  try {
    const status = await api('/api/misfit', { kernel: inf.estimate.kernel, re: inf.curve.re, im: inf.curve.im,
      d: inf.estimate.d, grid: Number($('misfit-grid').value) });
    inf.misfitId = status.id;
    pollMisfit();
  } catch (e) {
    setMisfitButtons(false);
    $('misfit-status').textContent = '';
    showError('infer-error', e.message);
  }
});

$('misfit-cancel').addEventListener('click', async function () {
  if (!inf.misfitId) { return; }
  try {
    const status = await api('/api/misfit/' + inf.misfitId, undefined, 'DELETE');
    $('misfit-status').textContent = 'map ' + status.state + ' after ' + status.elapsed_s.toFixed(1) + ' s';
  } catch (e) {
    showError('infer-error', e.message);
  }
  stopMisfitPolling();
  setMisfitButtons(false);
});

async function pollMisfit() {
  const id = inf.misfitId;
  if (!id) { return; }
  let status;
  try {
    status = await api('/api/misfit/' + id);
  } catch (e) {
    showError('infer-error', e.message);
    stopMisfitPolling();
    setMisfitButtons(false);
    return;
  }
  if (inf.misfitId !== id) { return; }
  if (status.state === 'queued' || status.state === 'running') {
    const share = status.progress === null ? 0 : status.progress;
    $('misfit-progress').querySelector('.bar').style.width = (100 * share).toFixed(1) + '%';
    $('misfit-status').textContent = status.state + ': ' + Math.round(100 * share) + '% — ' +
      status.elapsed_s.toFixed(0) + ' s';
    inf.misfitTimer = setTimeout(pollMisfit, 400);
    return;
  }
  stopMisfitPolling();
  setMisfitButtons(false);
  if (status.state === 'done') {
    inf.misfit = status.result;
    $('misfit-status').textContent = 'mapped ' + status.result.alpha.length + ' × ' + status.result.xi.length +
      ' points in ' + status.elapsed_s.toFixed(1) + ' s (one layout each)';
    drawPlane();
  } else if (status.state === 'failed') {
    $('misfit-status').textContent = '';
    showError('infer-error', status.error);
  } else {
    $('misfit-status').textContent = 'map ' + status.state;
  }
}

runSimulation();
