// Interactive figures of report.html and compare.html (docs/interactive.md).
//
// Each <div class="iview" data-view="ID"> gets a canvas view of the figure whose data is in
// <script type="application/json" id="ID"> (Plot's FigureView: the arrays the Cairo figure
// was drawn from, its colours and ticks); `data-other` names a second figure (B of a
// comparison), drawn dashed over the first with the difference in the read-out.
// No library, no network. Numbers in read-outs are the stored doubles printed exactly.
(function () {
  'use strict';
  var API = window.BilevelFigures = { views: [], errors: [] };
  var FONT = '"DejaVu Sans", Verdana, sans-serif';

  // ---- Ticks: the same rule as Plot's TickLocator / TickFormatter -----------------------
  function snap(v, step) {
    var s = Math.round(v / step) * step;
    if (Math.abs(s) < step * 1e-9) return 0;
    var digits = Math.max(0, 15 - Math.ceil(Math.log10(Math.abs(s))));
    return Number(s.toPrecision(Math.max(1, Math.min(digits, 17))));
  }
  function edgeLE(x) { var r = Math.round(x); return Math.abs(x - r) < 1e-10 ? r : Math.floor(x); }
  function edgeGE(x) { var r = Math.round(x); return Math.abs(x - r) < 1e-10 ? r : Math.ceil(x); }
  function maxNTicks(vmin, vmax, maxBins, steps, minTicks, integer) {
    var lo = Math.min(vmin, vmax), hi = Math.max(vmin, vmax);
    if (hi - lo <= Math.abs(hi) * 1e-12 || hi === lo) { var d = lo === 0 ? 1 : Math.abs(lo) * 0.05; lo -= d; hi += d; }
    var nbins = Math.max(1, maxBins);
    var scale = Math.pow(10, Math.floor(Math.log10((hi - lo) / nbins)));
    var ext = steps.slice(0, -1).map(function (s) { return s * 0.1; }).concat(steps, [10 * steps[1]]).map(function (s) { return s * scale; });
    if (integer) ext = ext.filter(function (s) { return s < 1 || Math.abs(s - Math.round(s)) < 0.001; });
    var raw = (hi - lo) / nbins, first = ext.length - 1;
    for (var i = 0; i < ext.length; i++) if (ext[i] >= raw * (1 - 1e-12)) { first = i; break; }
    var ticks = [];
    for (var k = first; k >= 0; k--) {
      var step = ext[k];
      if (integer && Math.floor(hi) - Math.ceil(lo) >= minTicks - 1) step = Math.max(1, step);
      var best = Math.floor(lo / step) * step, a = edgeLE((lo - best) / step), b = edgeGE((hi - best) / step);
      ticks = [];
      for (var n = a; n <= b; n++) ticks.push(snap(n * step + best, step));
      var inside = ticks.filter(function (t) { return t >= lo - step * 1e-9 && t <= hi + step * 1e-9; }).length;
      if (inside >= minTicks) break;
    }
    return ticks;
  }
  function linearTicks(lower, upper, bins, integer, steps) {
    var lo = Math.min(lower, upper), hi = Math.max(lower, upper), tol = (hi - lo) * 1e-9;
    return maxNTicks(lo, hi, bins, steps, 2, integer).filter(function (t) { return t >= lo - tol && t <= hi + tol; });
  }
  function logTicks(lower, upper, maxMajor, steps) {
    var lo = Math.min(lower, upper), hi = Math.max(lower, upper);
    var eLo = Math.floor(Math.log10(lo) + 1e-9), eHi = Math.ceil(Math.log10(hi) - 1e-9);
    var inside = function (v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
    var major = [], minor = [], e, m, v, visible = 0;
    for (e = eLo; e <= eHi; e++) if (inside(Math.pow(10, e))) visible++;
    if (visible < 2) {
      var labelled = Math.log10(hi / lo) > 0.6 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
      for (e = eLo; e <= eHi; e++) for (m = 1; m <= 9; m++) {
        v = m * Math.pow(10, e);
        if (!inside(v)) continue;
        (labelled.indexOf(m) >= 0 ? major : minor).push(v);
      }
      if (major.length < 2) return { major: maxNTicks(lo, hi, 4, steps, 2, false).filter(inside), minor: [] };
      return { major: major, minor: minor };
    }
    var stride = Math.max(1, Math.ceil(visible / Math.max(1, maxMajor)));
    for (e = eLo; e <= eHi; e++) {
      v = Math.pow(10, e);
      var isMajor = ((e % stride) + stride) % stride === 0;
      if (inside(v)) (isMajor ? major : minor).push(v);
      if (stride === 1) for (m = 2; m <= 9; m++) if (inside(m * v)) minor.push(m * v);
    }
    return { major: major, minor: minor };
  }
  function minus(s) { return s.replace(/-/g, '\u2212'); }
  // Plot's RichText rule: a hyphen before a digit or '.', at the start or after one of " (=[,{:/×", is a minus sign.
  function typesetMinus(s) {
    var out = '';
    for (var k = 0; k < s.length; k++) {
      var c = s[k];
      out += c === '-' && k + 1 < s.length && /[0-9.]/.test(s[k + 1]) && (k === 0 || ' (=[,{:/×'.indexOf(s[k - 1]) >= 0) ? '\u2212' : c;
    }
    return out;
  }
  function fmtLinear(ticks) {
    if (!ticks.length) return { labels: [], offset: null };
    var maxAbs = Math.max.apply(null, ticks.map(Math.abs)), exponent = 0;
    if (maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3)) exponent = Math.floor(Math.log10(maxAbs));
    var scaled = ticks.map(function (t) { return t / Math.pow(10, exponent); }), decimals = 0;
    while (decimals < 10) {
      var f = Math.pow(10, decimals);
      if (scaled.every(function (s) { return Math.abs(s * f - Math.round(s * f)) < 1e-6 * Math.max(1, Math.abs(s * f)); })) break;
      decimals++;
    }
    var labels = scaled.map(function (s) { var t = s.toFixed(decimals); if (Number(t) === 0) t = (0).toFixed(decimals); return minus(t); });
    return { labels: labels, offset: exponent === 0 ? null : '×10^{' + minus(String(exponent)) + '}' };
  }
  function plain(v) { var s = v.toFixed(10); while (s.indexOf('.') >= 0 && /[0.]$/.test(s)) s = s.slice(0, -1); if (s === '-0') s = '0'; return minus(s); }
  function fmtLog(ticks) {
    var decade = ticks.every(function (t) { var l = Math.log10(t); return Math.abs(l - Math.round(l)) < 1e-9; });
    return decade ? ticks.map(function (t) { return '10^{' + minus(String(Math.round(Math.log10(t)))) + '}'; }) : ticks.map(plain);
  }
  function axisTicks(ax, lim, bins, steps) {
    if (ax.scale === 'log') {
      var t = logTicks(lim[0], lim[1], bins + 1, steps);
      return { major: t.major, minor: t.minor, labels: fmtLog(t.major), offset: null };
    }
    var major = linearTicks(lim[0], lim[1], bins, ax.integer, steps), f = fmtLinear(major);
    return { major: major, minor: [], labels: f.labels, offset: f.offset };
  }
  API.ticks = { linear: linearTicks, log: logTicks, formatLinear: fmtLinear, formatLog: fmtLog };

  // ---- Small helpers ------------------------------------------------------------------
  function nums(v) {
    if (v == null) return null;
    if (Array.isArray(v)) return v.map(function (x) { return x === null ? NaN : x; });
    if (v.f64 !== undefined) { // little-endian IEEE 754 bytes, base64
      var bin = atob(v.f64), bytes = new Uint8Array(bin.length);
      for (var b = 0; b < bin.length; b++) bytes[b] = bin.charCodeAt(b);
      var view = new DataView(bytes.buffer), vals = new Array(bytes.length / 8);
      for (var k = 0; k < vals.length; k++) vals[k] = view.getFloat64(8 * k, true);
      return vals;
    }
    var out = new Array(v.count);
    for (var i = 0; i < v.count; i++) out[i] = v.start + i * v.step;
    return out;
  }
  function exact(v) { return v === null || v === undefined || isNaN(v) ? '—' : String(v); }
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
  function richHTML(s) {
    return esc(typesetMinus(s || '')).replace(/\^\{([^}]*)\}/g, '<sup>$1</sup>').replace(/_\{([^}]*)\}/g, '<sub>$1</sub>');
  }
  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16 & 255) + ',' + (n >> 8 & 255) + ',' + (n & 255) + ',' + (a == null ? 1 : a) + ')';
  }
  function rgb(hex) { var n = parseInt(hex.slice(1), 16); return [n >> 16 & 255, n >> 8 & 255, n & 255]; }
  function fwd(scale, v) { return scale === 'log' ? (v > 0 ? Math.log10(v) : NaN) : v; }
  // Rich text (^{sup}, _{sub}) on a canvas; returns the width.
  function richRuns(s) {
    var runs = [], re = /([\^_])\{([^}]*)\}/g, last = 0, m;
    s = s || '';
    while ((m = re.exec(s))) { if (m.index > last) runs.push([s.slice(last, m.index), 0]); runs.push([m[2], m[1] === '^' ? -1 : 1]); last = re.lastIndex; }
    if (last < s.length) runs.push([s.slice(last), 0]);
    return runs;
  }
  function richWidth(g, s, size, bold) {
    var w = 0;
    richRuns(s).forEach(function (r) { g.font = (bold ? 'bold ' : '') + (r[1] ? size * 0.7 : size) + 'px ' + FONT; w += g.measureText(r[0]).width; });
    return w;
  }
  function richText(g, s, x, y, size, align, color, bold) {
    var w = richWidth(g, s, size, bold);
    x -= align === 'center' ? w / 2 : align === 'right' ? w : 0;
    g.fillStyle = color || '#000'; g.textBaseline = 'middle'; g.textAlign = 'left';
    richRuns(typesetMinus(s)).forEach(function (r) {
      g.font = (bold ? 'bold ' : '') + (r[1] ? size * 0.7 : size) + 'px ' + FONT;
      g.fillText(r[0], x, y + (r[1] < 0 ? -0.42 * size : r[1] > 0 ? 0.2 * size : 0));
      x += g.measureText(r[0]).width;
    });
    return w;
  }
  function nearestIndex(xs, x) {
    var lo = 0, hi = xs.length - 1;
    if (hi < 0) return -1;
    if (!(xs[hi] >= xs[0])) { // unsorted: linear scan
      var best = 0; for (var i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i; return best;
    }
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xs[mid] <= x) lo = mid; else hi = mid; }
    return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
  }
  var CURVES = { line: 1, band: 1, errorbar: 1, scatter: 1, path: 1, marker: 1 };

  // ---- One figure ---------------------------------------------------------------------
  function View(host, data, other) {
    this.host = host; this.data = data; this.other = other || null;
    this.hidden = {}; this.limits = {}; this.scales = {}; this.frame = {};
    this.steps = data.tickSteps || [1, 2, 2.5, 5, 10];
    var self = this;
    data.panels.forEach(function (p, k) {
      p.index = k;
      p.artists.forEach(function (a) { ['x', 'y', 'lower', 'upper', 'z', 'overlayValues'].forEach(function (f) { if (a[f]) a[f] = nums(a[f]); }); });
      p.kind = p.artists.some(function (a) { return a.kind === 'table'; }) ? 'table'
        : p.artists.some(function (a) { return a.kind === 'gridmap'; }) ? 'grid'
        : p.artists.some(function (a) { return a.kind === 'field'; }) ? 'field' : 'curves';
    });
    if (other) other.panels.forEach(function (p) { p.artists.forEach(function (a) { ['x', 'y', 'lower', 'upper', 'z', 'overlayValues'].forEach(function (f) { if (a[f]) a[f] = nums(a[f]); }); }); });
    (data.sliders || []).forEach(function (s, k) { self.frame[k] = 0; });
    this.build();
  }

  View.prototype.visiblePanels = function () {
    var d = this.data, self = this, skip = {}, out = [];
    (d.sliders || []).forEach(function (s, k) { s.panels.forEach(function (i, j) { skip[i] = { slider: k, first: j === 0 }; }); });
    d.panels.forEach(function (p, i) {
      if (p.kind === 'table') return;
      if (!skip[i]) out.push(p);
      else if (skip[i].first) { var s = d.sliders[skip[i].slider]; out.push(d.panels[s.panels[self.frame[skip[i].slider]]]); }
    });
    return out;
  };

  View.prototype.build = function () {
    var self = this, d = this.data, host = this.host;
    host.innerHTML = '';
    var tables = d.panels.filter(function (p) { return p.kind === 'table'; });
    tables.forEach(function (p) { host.appendChild(self.table(p.artists.filter(function (a) { return a.kind === 'table'; })[0])); });
    if (tables.length === d.panels.length) { host.setAttribute('data-ready', '1'); return; }
    var bar = document.createElement('div'); bar.className = 'iview-bar';
    var curvePanels = d.panels.filter(function (p) { return p.kind === 'curves'; });
    var button = function (text, title, fn) { var b = document.createElement('button'); b.type = 'button'; b.textContent = text; b.title = title; b.onclick = fn; bar.appendChild(b); return b; };
    button('reset view', 'undo zooms (or double-click the panel)', function () { self.limits = {}; self.draw(); });
    if (curvePanels.length) {
      ['x', 'y'].forEach(function (axis) {
        // flips every curve panel's axis between linear and log (each from its current scale)
        var b = button(axis + ': linear ⇄ log', 'switch every curve panel\'s ' + axis + ' axis between linear and log', function () {
          curvePanels.forEach(function (p) { self.scales[p.index + axis] = self.scale(p, axis) === 'log' ? 'linear' : 'log'; delete self.limits[p.index]; });
          self.draw();
        });
        b.className = 'scale-' + axis;
      });
    }
    var stat = button('static figure', 'show the printed (PNG) figure instead', function () { host.parentNode.classList.toggle('show-static'); });
    stat.className = 'static-toggle';
    host.appendChild(bar);
    (d.sliders || []).forEach(function (s, k) {
      var wrap = document.createElement('label'); wrap.className = 'iview-slider';
      var input = document.createElement('input'); input.type = 'range'; input.min = 0; input.max = s.values.length - 1; input.step = 1; input.value = 0;
      var text = document.createElement('span');
      var show = function () { text.innerHTML = richHTML(s.label) + ' = ' + exact(s.values[self.frame[k]]); };
      input.oninput = function () { self.frame[k] = Number(input.value); show(); self.layout(); self.draw(); };
      wrap.appendChild(document.createTextNode('')); wrap.appendChild(input); wrap.appendChild(text); show();
      bar.appendChild(wrap);
    });
    var stage = document.createElement('div'); stage.className = 'iview-stage';
    this.canvas = document.createElement('canvas'); this.overlay = document.createElement('canvas'); this.overlay.className = 'iview-overlay';
    this.tip = document.createElement('div'); this.tip.className = 'iview-tip';
    stage.appendChild(this.canvas); stage.appendChild(this.overlay); stage.appendChild(this.tip); host.appendChild(stage);
    this.legend = document.createElement('div'); this.legend.className = 'iview-legend'; host.appendChild(this.legend);
    this.buildLegend();
    this.layout(); this.draw(); this.listen();
    host.setAttribute('data-ready', '1');
  };

  View.prototype.buildLegend = function () {
    var self = this, seen = {}, items = [];
    this.data.panels.forEach(function (p) { p.artists.forEach(function (a) { if (a.label && CURVES[a.kind] || a.label && (a.kind === 'hline' || a.kind === 'vline')) { if (!seen[a.label]) { seen[a.label] = 1; items.push(a); } } }); });
    this.legend.innerHTML = '';
    items.forEach(function (a) {
      var e = document.createElement('span'); e.className = 'entry'; e.setAttribute('data-label', a.label);
      e.innerHTML = '<i style="background:' + rgba(a.color || '#000000', a.kind === 'band' ? 1 : a.alpha) + '"></i>' + richHTML(a.label);
      e.onclick = function () { if (self.hidden[a.label]) delete self.hidden[a.label]; else self.hidden[a.label] = 1; e.classList.toggle('off', !!self.hidden[a.label]); self.draw(); };
      self.legend.appendChild(e);
    });
    if (this.other) { var n = document.createElement('span'); n.className = 'note'; n.textContent = 'A solid, B dashed; hover for B − A'; this.legend.appendChild(n); }
  };

  View.prototype.layout = function () {
    var d = this.data, panels = this.visiblePanels();
    var width = Math.max(320, Math.min(this.host.clientWidth || 900, 1100));
    var cols = Math.min(d.cols, panels.length, Math.max(1, Math.floor(width / 360))) || 1, rows = Math.ceil(panels.length / cols);
    var aspect = d.height / d.rows / (d.width / d.cols);
    var cellW = width / cols, cellH = Math.max(200, Math.min(cellW * aspect, 420));
    this.width = width; this.height = cellH * rows + (d.title ? 22 : 0);
    var top0 = d.title ? 22 : 0;
    this.boxes = panels.map(function (p, k) {
      var c = k % cols, r = Math.floor(k / cols);
      var x0 = c * cellW, y0 = top0 + r * cellH;
      var m = p.showAxes ? { l: 52 + (p.y.label ? 16 : 0), r: 14, t: 10 + (p.title ? 18 : 0), b: 24 + (p.x.label ? 16 : 0) } : { l: 6, r: 6, t: 8 + (p.title ? 18 : 0), b: 6 };
      if (p.colorbar) m.r += 92;
      var plot = { x: x0 + m.l, y: y0 + m.t, w: cellW - m.l - m.r, h: cellH - m.t - m.b };
      if (p.equalAspect) {
        var dx = p.x.limits[1] - p.x.limits[0], dy = p.y.limits[1] - p.y.limits[0], s = Math.min(plot.w / dx, plot.h / dy);
        plot = { x: plot.x + (plot.w - dx * s) / 2, y: plot.y + (plot.h - dy * s) / 2, w: dx * s, h: dy * s };
      }
      return { panel: p, cell: { x: x0, y: y0, w: cellW, h: cellH }, plot: plot };
    });
    var ratio = window.devicePixelRatio || 1;
    [this.canvas, this.overlay].forEach(function (cv) {
      cv.width = Math.round(width * ratio); cv.height = Math.round(this.height * ratio);
      cv.style.width = width + 'px'; cv.style.height = this.height + 'px';
    }, this);
    this.ratio = ratio;
  };

  // Current scale and limits of a panel's axis.
  View.prototype.scale = function (p, axis) { return this.scales[p.index + axis] || p[axis].scale; };
  View.prototype.lim = function (p, axis) {
    var z = this.limits[p.index];
    if (z) return z[axis];
    if (this.scale(p, axis) === p[axis].scale) return p[axis].limits;
    return this.autoLimits(p, axis);
  };
  View.prototype.autoLimits = function (p, axis) {
    var log = this.scale(p, axis) === 'log', lo = Infinity, hi = -Infinity;
    p.artists.forEach(function (a) {
      [a[axis], axis === 'y' ? a.lower : null, axis === 'y' ? a.upper : null].forEach(function (vs) {
        if (vs && CURVES[a.kind]) vs.forEach(function (v) { if (isFinite(v) && (!log || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
      });
    });
    if (!(lo <= hi)) return log ? [1, 10] : [0, 1];
    if (log) { var a = Math.log10(lo), b = Math.log10(hi); if (b - a < 1e-12) { a -= 0.5; b += 0.5; } var m = 0.05 * (b - a); return [Math.pow(10, a - m), Math.pow(10, b + m)]; }
    if (hi - lo <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi))) { var dd = lo === 0 ? 1 : Math.abs(lo) * 0.1; return [lo - dd, hi + dd]; }
    var mm = 0.05 * (hi - lo); return [lo - mm, hi + mm];
  };
  View.prototype.mapper = function (box) {
    var p = box.panel, self = this, sx = this.scale(p, 'x'), sy = this.scale(p, 'y'), lx = this.lim(p, 'x'), ly = this.lim(p, 'y');
    var ax = fwd(sx, lx[0]), bx = fwd(sx, lx[1]), ay = fwd(sy, ly[0]), by = fwd(sy, ly[1]), pl = box.plot;
    return {
      sx: sx, sy: sy, lx: lx, ly: ly,
      x: function (v) { return pl.x + (fwd(sx, v) - ax) / (bx - ax) * pl.w; },
      y: function (v) { return pl.y + pl.h - (fwd(sy, v) - ay) / (by - ay) * pl.h; },
      yFloor: function (v) { return sy === 'log' && v <= 0 ? pl.y + pl.h : pl.y + pl.h - (fwd(sy, v) - ay) / (by - ay) * pl.h; },
      ix: function (px) { var u = ax + (px - pl.x) / pl.w * (bx - ax); return sx === 'log' ? Math.pow(10, u) : u; },
      iy: function (py) { var u = ay + (pl.y + pl.h - py) / pl.h * (by - ay); return sy === 'log' ? Math.pow(10, u) : u; }
    };
  };

  // Screen points of a series for drawing: every point, or per pixel column its first,
  // lowest, highest and last point when there are more than four points per column.
  function decimate(xs, ys, M, width) {
    var pts = [], n = Math.min(xs.length, ys.length), run = [];
    var flush = function () { if (run.length) pts.push(run); run = []; };
    if (n <= 4 * width) {
      for (var i = 0; i < n; i++) { var px = M.x(xs[i]), py = M.y(ys[i]); if (isFinite(px) && isFinite(py)) run.push([px, py]); else flush(); }
      flush(); return pts;
    }
    var col = null, first, lo, hi, last;
    var emit = function () { if (col === null) return; run.push(first); if (lo[1] < hi[1]) { run.push(lo); run.push(hi); } else { run.push(hi); run.push(lo); } run.push(last); };
    for (var k = 0; k < n; k++) {
      var qx = M.x(xs[k]), qy = M.y(ys[k]);
      if (!isFinite(qx) || !isFinite(qy)) { emit(); col = null; flush(); continue; }
      var c = Math.floor(qx), p = [qx, qy];
      if (c !== col) { emit(); col = c; first = lo = hi = last = p; }
      else { if (qy < lo[1]) lo = p; if (qy > hi[1]) hi = p; last = p; }
    }
    emit(); flush(); return pts;
  }
  API.decimate = decimate;

  function strokeRuns(g, runs) { runs.forEach(function (r) { if (r.length < 2) return; g.beginPath(); g.moveTo(r[0][0], r[0][1]); for (var i = 1; i < r.length; i++) g.lineTo(r[i][0], r[i][1]); g.stroke(); }); }
  function markerPath(g, kind, x, y, size) {
    var r = size / 2; g.beginPath();
    if (kind === 'square') g.rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
    else if (kind === 'triangleUp' || kind === 'triangleDown') { var d = kind === 'triangleUp' ? -1 : 1; g.moveTo(x, y + d * r * 1.1); g.lineTo(x - r, y - d * r * 0.7); g.lineTo(x + r, y - d * r * 0.7); g.closePath(); }
    else if (kind === 'diamond') { g.moveTo(x, y - r * 1.15); g.lineTo(x + r * 0.8, y); g.lineTo(x, y + r * 1.15); g.lineTo(x - r * 0.8, y); g.closePath(); }
    else if (kind === 'star') { for (var k = 0; k < 10; k++) { var rr = k % 2 ? r * 0.5 : r * 1.2, t = -Math.PI / 2 + k * Math.PI / 5; g.lineTo(x + rr * Math.cos(t), y + rr * Math.sin(t)); } g.closePath(); }
    else if (kind === 'plus' || kind === 'cross') { var s = kind === 'cross' ? r * 0.8 : r; if (kind === 'plus') { g.moveTo(x - s, y); g.lineTo(x + s, y); g.moveTo(x, y - s); g.lineTo(x, y + s); } else { g.moveTo(x - s, y - s); g.lineTo(x + s, y + s); g.moveTo(x - s, y + s); g.lineTo(x + s, y - s); } return 'stroke'; }
    else g.arc(x, y, r, 0, 2 * Math.PI);
    return 'fill';
  }
  function drawMarker(g, kind, x, y, size, color, edge) {
    if (markerPath(g, kind, x, y, size) === 'stroke') { g.strokeStyle = color; g.lineWidth = Math.max(1.2, size / 5); g.setLineDash([]); g.stroke(); return; }
    g.fillStyle = color; g.fill(); if (edge) { g.strokeStyle = edge; g.lineWidth = 0.6; g.setLineDash([]); g.stroke(); }
  }

  // The field's colour at (x, y): bilinear value through the levels (filled contours) or
  // the nearest cell (heatmaps).
  function fieldValue(a, x, y) {
    var xs = a.x, ys = a.y, nx = xs.length, ny = ys.length;
    if (x < xs[0] || x > xs[nx - 1] || y < ys[0] || y > ys[ny - 1]) {
      if (!a.nearest) return NaN;
      var hx = (xs[nx - 1] - xs[0]) / (nx - 1) / 2, hy = (ys[ny - 1] - ys[0]) / (ny - 1) / 2;
      if (x < xs[0] - hx || x > xs[nx - 1] + hx || y < ys[0] - hy || y > ys[ny - 1] + hy) return NaN;
    }
    if (a.nearest) return a.z[nearestIndex(ys, y) * nx + nearestIndex(xs, x)];
    var i = Math.min(nx - 2, Math.max(0, nearestIndex(xs, x) - (xs[nearestIndex(xs, x)] > x ? 1 : 0)));
    var j = Math.min(ny - 2, Math.max(0, nearestIndex(ys, y) - (ys[nearestIndex(ys, y)] > y ? 1 : 0)));
    var tx = (x - xs[i]) / (xs[i + 1] - xs[i]), ty = (y - ys[j]) / (ys[j + 1] - ys[j]), z = a.z;
    return (1 - ty) * ((1 - tx) * z[j * nx + i] + tx * z[j * nx + i + 1]) + ty * ((1 - tx) * z[(j + 1) * nx + i] + tx * z[(j + 1) * nx + i + 1]);
  }
  function colorIndex(a, v, palette) {
    if (!isFinite(v)) return -1;
    if (a.levels && a.bandColors) { var lv = a.levels; for (var k = 0; k < lv.length - 2; k++) if (v < lv[k + 1]) return k; return lv.length - 2; }
    var t = (v - a.range[0]) / (a.range[1] - a.range[0]); t = isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
    return Math.min(palette.length - 1, Math.floor(t * palette.length));
  }

  View.prototype.drawField = function (g, box, a, M) {
    var pl = box.plot, r = this.ratio, w = Math.max(1, Math.round(pl.w * r)), h = Math.max(1, Math.round(pl.h * r));
    var palette = (this.data.palette[a.colormap] || []).map(rgb), bands = (a.bandColors || []).map(rgb);
    var img = g.createImageData(w, h), idx = new Int16Array(w * h);
    for (var py = 0; py < h; py++) {
      var y = M.iy(pl.y + (py + 0.5) / r);
      for (var px = 0; px < w; px++) {
        var k = colorIndex(a, fieldValue(a, M.ix(pl.x + (px + 0.5) / r), y), palette), o = (py * w + px) * 4;
        idx[py * w + px] = k;
        if (k < 0) continue;
        var c = bands.length ? bands[k] : palette[k];
        img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
      }
    }
    if (bands.length && this.data.panels[box.panel.index].artists.some(function (b) { return b.kind === 'contour'; })) {
      for (var q = 0; q < w * h; q++) {
        var e = (q % w < w - 1 && idx[q + 1] !== idx[q]) || (q + w < w * h && idx[q + w] !== idx[q]);
        if (e && idx[q] >= 0) { var o2 = q * 4; for (var ch = 0; ch < 3; ch++) img.data[o2 + ch] = Math.round(img.data[o2 + ch] * 0.65 + 255 * 0.35); }
      }
    }
    var tmp = document.createElement('canvas'); tmp.width = w; tmp.height = h; tmp.getContext('2d').putImageData(img, 0, 0);
    g.drawImage(tmp, pl.x, pl.y, pl.w, pl.h);
  };

  View.prototype.drawGrid = function (g, box, a) {
    var pl = box.plot, cw = pl.w / a.cols, ch = pl.h / a.rows, palette = (this.data.palette[a.colormap] || []).map(rgb), self = this;
    var walls = {}; (a.walls || []).forEach(function (w) { walls[w[0] + ',' + w[1]] = 1; });
    var cellColor = function (r, c) {
      if (walls[r + ',' + c]) return '#3a3a3a';
      var v = a.z[r * a.cols + c];
      if (!isFinite(v) || !palette.length) return '#ffffff';
      var t = Math.min(1, Math.max(0, (v - a.range[0]) / (a.range[1] - a.range[0] || 1))), k = Math.min(255, Math.floor(t * 256));
      return 'rgb(' + palette[k].join(',') + ')';
    };
    for (var r = 0; r < a.rows; r++) for (var c = 0; c < a.cols; c++) { g.fillStyle = cellColor(r, c); g.fillRect(pl.x + c * cw, pl.y + r * ch, cw + 0.5, ch + 0.5); }
    g.strokeStyle = 'rgba(255,255,255,0.55)'; g.lineWidth = 0.5; g.setLineDash([]); g.beginPath();
    for (c = 1; c < a.cols; c++) { g.moveTo(pl.x + c * cw, pl.y); g.lineTo(pl.x + c * cw, pl.y + pl.h); }
    for (r = 1; r < a.rows; r++) { g.moveTo(pl.x, pl.y + r * ch); g.lineTo(pl.x + pl.w, pl.y + r * ch); }
    g.stroke();
    var ov = a.overlayValues, labels = {};
    (a.cellLabels || []).forEach(function (l) { labels[l.row + ',' + l.col] = l.text; });
    if (a.overlay === 'circles' && ov) {
      var vmax = Math.max.apply(null, ov.filter(isFinite).concat([0]));
      for (r = 0; r < a.rows; r++) for (c = 0; c < a.cols; c++) {
        var v = ov[r * a.cols + c], rad = vmax > 0 && v > 0 ? 0.42 * cw * Math.sqrt(v / vmax) : 0;
        if (rad > 0.3) { g.beginPath(); g.arc(pl.x + (c + 0.5) * cw, pl.y + (r + 0.5) * ch, rad, 0, 2 * Math.PI); g.fillStyle = rgba(a.color || '#ffffff', 0.9); g.fill(); g.strokeStyle = '#222'; g.lineWidth = 0.5; g.stroke(); }
      }
    } else if (a.overlay === 'numbers' && ov) {
      for (r = 0; r < a.rows; r++) for (c = 0; c < a.cols; c++) {
        var val = ov[r * a.cols + c];
        if (isFinite(val) && !labels[r + ',' + c]) richText(g, minus(val.toFixed(a.decimals || 2)), pl.x + (c + 0.5) * cw, pl.y + (r + 0.5) * ch, Math.min(10, ch * 0.32), 'center', '#000');
      }
    }
    Object.keys(labels).forEach(function (k) {
      var rc = k.split(',').map(Number), x = pl.x + (rc[1] + 0.5) * cw, y = pl.y + (rc[0] + 0.5) * ch, size = Math.min(13, ch * 0.55);
      g.fillStyle = 'rgba(255,255,255,0.92)'; g.fillRect(x - size * 0.55, y - size * 0.6, size * 1.1, size * 1.2);
      richText(g, labels[k], x, y, size, 'center', '#000', true);
    });
    g.strokeStyle = '#3a3a3a'; g.lineWidth = 1.2; g.strokeRect(pl.x, pl.y, pl.w, pl.h);
    self.gridBox = box;
  };

  View.prototype.drawArtist = function (g, box, a, M, dashed) {
    if (a.label && this.hidden[a.label]) return;
    var color = a.color || '#000000', i, n, pl = box.plot;
    g.setLineDash(dashed ? [5, 3] : (a.dash || []));
    g.lineWidth = a.width || 1.5;
    switch (a.kind) {
      case 'field': this.drawField(g, box, a, M); break;
      case 'gridmap': this.drawGrid(g, box, a); break;
      case 'band': {
        n = a.x.length;
        var up = decimate(a.x, a.upper.map(function (v) { return v; }), { x: M.x, y: M.yFloor }, pl.w);
        var low = decimate(a.x, a.lower, { x: M.x, y: M.yFloor }, pl.w);
        if (up.length === 1 && low.length === 1) {
          g.beginPath(); up[0].forEach(function (p, k) { if (k) g.lineTo(p[0], p[1]); else g.moveTo(p[0], p[1]); });
          for (i = low[0].length - 1; i >= 0; i--) g.lineTo(low[0][i][0], low[0][i][1]);
          g.closePath(); g.fillStyle = rgba(color, dashed ? a.alpha * 0.5 : a.alpha); g.fill();
        }
        g.strokeStyle = rgba(color, 1); strokeRuns(g, decimate(a.x, a.y, M, pl.w)); break;
      }
      case 'line': case 'path':
        g.strokeStyle = rgba(color, a.alpha); if (a.width > 0) strokeRuns(g, decimate(a.x, a.y, M, pl.w));
        if (a.marker || a.kind === 'path') for (i = 0; i < a.x.length; i += (a.markEvery || 1)) {
          var mx = M.x(a.x[i]), my = M.y(a.y[i]);
          if (isFinite(mx) && isFinite(my)) drawMarker(g, a.marker || 'circle', mx, my, a.kind === 'path' ? 3 : a.markerSize || 5, rgba(color, a.alpha), a.kind === 'path' ? null : '#fff');
        }
        break;
      case 'errorbar':
        for (i = 0; i < a.x.length; i++) {
          var ex = M.x(a.x[i]), e0 = M.yFloor(a.lower[i]), e1 = M.yFloor(a.upper[i]);
          if (!isFinite(ex) || !isFinite(e0) || !isFinite(e1)) continue;
          g.setLineDash([]); g.lineWidth = 1; g.strokeStyle = color; g.beginPath(); g.moveTo(ex, e0); g.lineTo(ex, e1); g.moveTo(ex - 2.5, e0); g.lineTo(ex + 2.5, e0); g.moveTo(ex - 2.5, e1); g.lineTo(ex + 2.5, e1); g.stroke();
        }
        if (a.width > 0) { g.setLineDash(dashed ? [5, 3] : a.dash || []); g.lineWidth = 1.3; strokeRuns(g, decimate(a.x, a.y, M, pl.w)); }
        for (i = 0; i < a.x.length; i++) { var qx = M.x(a.x[i]), qy = M.y(a.y[i]); if (isFinite(qx) && isFinite(qy)) drawMarker(g, a.marker, qx, qy, 5, color, '#fff'); }
        break;
      case 'scatter': case 'marker':
        for (i = 0; i < a.x.length; i++) { var sx = M.x(a.x[i]), sy = M.y(a.y[i]); if (isFinite(sx) && isFinite(sy)) drawMarker(g, a.marker, sx, sy, a.markerSize || 4, rgba(color, a.alpha), a.kind === 'marker' ? '#fff' : null); }
        break;
      case 'hline': case 'vline': {
        g.strokeStyle = rgba(color, a.alpha); g.beginPath();
        if (a.kind === 'hline') { var hy = M.y(a.value); if (isFinite(hy)) { g.moveTo(pl.x, hy); g.lineTo(pl.x + pl.w, hy); } }
        else { var vx = M.x(a.value); if (isFinite(vx)) { g.moveTo(vx, pl.y); g.lineTo(vx, pl.y + pl.h); } }
        g.stroke(); break;
      }
      case 'text': {
        var tx = a.fraction ? pl.x + a.x[0] * pl.w : M.x(a.x[0]), ty = a.fraction ? pl.y + pl.h - a.y[0] * pl.h : M.y(a.y[0]);
        var an = String(a.anchor || 'left').toLowerCase();
        richText(g, a.text, tx, ty, (a.fontSize || 8) * 1.2, an.indexOf('right') >= 0 ? 'right' : (an === 'center' || an === 'top' || an === 'bottom' || an === 'baseline') ? 'center' : 'left', rgba(color, a.alpha), a.bold);
        break;
      }
    }
    g.setLineDash([]);
  };

  View.prototype.drawAxes = function (g, box, M) {
    var p = box.panel, pl = box.plot, self = this;
    if (p.title) richText(g, p.title, pl.x + pl.w / 2, box.cell.y + 12, 12, 'center', '#000');
    if (!p.showAxes) return;
    g.strokeStyle = '#000'; g.lineWidth = 0.8; g.setLineDash([]); g.strokeRect(pl.x, pl.y, pl.w, pl.h);
    g.font = '10px ' + FONT;
    ['x', 'y'].forEach(function (axis) {
      var horizontal = axis === 'x', len = horizontal ? pl.w : pl.h, lim = M['l' + axis];
      var ax = { scale: self.scale(p, axis), integer: p[axis].integer };
      var bins = horizontal ? Math.min(9, Math.max(2, Math.floor(len / 40))) : Math.min(9, Math.max(2, Math.floor(len / 25)));
      var t;
      for (;;) {
        t = axisTicks(ax, lim, bins, self.steps);
        var pos = t.major.map(function (v) { return horizontal ? M.x(v) : M.y(v); }), ok = true;
        for (var k = 1; k < pos.length && ok; k++) {
          var need = horizontal ? (richWidth(g, t.labels[k - 1], 10) + richWidth(g, t.labels[k], 10)) / 2 + 6 : 18;
          if (Math.abs(pos[k] - pos[k - 1]) < need) ok = false;
        }
        if (ok || bins <= 1) break;
        bins--;
      }
      box[axis + 'Ticks'] = t;
      g.strokeStyle = '#000'; g.lineWidth = 0.8;
      t.major.forEach(function (v, k) {
        if (horizontal) {
          var x = M.x(v);
          if (p.grid) { g.strokeStyle = '#e6e6e6'; g.beginPath(); g.moveTo(x, pl.y); g.lineTo(x, pl.y + pl.h); g.stroke(); g.strokeStyle = '#000'; }
          g.beginPath(); g.moveTo(x, pl.y + pl.h); g.lineTo(x, pl.y + pl.h + 4); g.stroke();
          richText(g, t.labels[k], x, pl.y + pl.h + 12, 10, 'center', '#000');
        } else {
          var y = M.y(v);
          if (p.grid) { g.strokeStyle = '#e6e6e6'; g.beginPath(); g.moveTo(pl.x, y); g.lineTo(pl.x + pl.w, y); g.stroke(); g.strokeStyle = '#000'; }
          g.beginPath(); g.moveTo(pl.x - 4, y); g.lineTo(pl.x, y); g.stroke();
          richText(g, t.labels[k], pl.x - 6, y, 10, 'right', '#000');
        }
      });
      t.minor.forEach(function (v) {
        g.beginPath();
        if (horizontal) { var x = M.x(v); g.moveTo(x, pl.y + pl.h); g.lineTo(x, pl.y + pl.h + 2); } else { var y = M.y(v); g.moveTo(pl.x - 2, y); g.lineTo(pl.x, y); }
        g.stroke();
      });
      if (t.offset) richText(g, t.offset, horizontal ? pl.x + pl.w : pl.x, horizontal ? pl.y + pl.h + 26 : pl.y - 6, 10, horizontal ? 'right' : 'left', '#000');
      if (p[axis].label) {
        if (horizontal) richText(g, p.x.label, pl.x + pl.w / 2, pl.y + pl.h + 30, 11, 'center', '#000');
        else { g.save(); g.translate(box.cell.x + 10, pl.y + pl.h / 2); g.rotate(-Math.PI / 2); richText(g, p.y.label, 0, 0, 11, 'center', '#000'); g.restore(); }
      }
    });
  };

  View.prototype.drawColorbar = function (g, box) {
    var cb = box.panel.colorbar, pl = box.plot;
    if (!cb) return;
    var x = pl.x + pl.w + 10, w = 12, palette = this.data.palette[cb.colormap] || [];
    if (cb.levels && cb.bandColors) {
      var n = cb.levels.length - 1;
      cb.bandColors.forEach(function (c, k) { g.fillStyle = c; g.fillRect(x, pl.y + pl.h - (k + 1) / n * pl.h, w, pl.h / n + 0.5); });
      var every = Math.max(1, Math.ceil(16 / (pl.h / n)));
      for (var k = 0; k <= n; k += every) richText(g, plain(cb.levels[k]), x + w + 4, pl.y + pl.h - k / n * pl.h, 9, 'left', '#000');
    } else {
      for (var i = 0; i < 256; i++) { g.fillStyle = palette[255 - i] || '#ccc'; g.fillRect(x, pl.y + i / 256 * pl.h, w, pl.h / 256 + 0.5); }
      var major = linearTicks(cb.range[0], cb.range[1], 5, false, this.steps), f = fmtLinear(major);
      major.forEach(function (v, j) { richText(g, f.labels[j], x + w + 4, pl.y + pl.h - (v - cb.range[0]) / (cb.range[1] - cb.range[0]) * pl.h, 9, 'left', '#000'); });
    }
    g.strokeStyle = '#262626'; g.lineWidth = 0.6; g.strokeRect(x, pl.y, w, pl.h);
    if (cb.label) { g.save(); g.translate(x + w + 70, pl.y + pl.h / 2); g.rotate(-Math.PI / 2); richText(g, cb.label, 0, 0, 10, 'center', '#000'); g.restore(); }
  };

  View.prototype.otherPanel = function (p) { return this.other ? this.other.panels[p.index] : null; };

  View.prototype.draw = function () {
    var g = this.canvas.getContext('2d'), self = this;
    g.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    g.fillStyle = '#fff'; g.fillRect(0, 0, this.width, this.height);
    if (this.data.title) richText(g, this.data.title, this.width / 2, 11, 13, 'center', '#000', true);
    this.boxes.forEach(function (box) {
      var M = self.mapper(box), pl = box.plot, p = box.panel;
      box.M = M;
      g.save(); g.beginPath(); g.rect(pl.x, pl.y, pl.w, pl.h); g.clip();
      var op = self.otherPanel(p);
      p.artists.forEach(function (a) { if (op && a.kind === 'field') return; self.drawArtist(g, box, a, M, false); });
      if (op) op.artists.forEach(function (a) { if (a.kind !== 'field' && a.kind !== 'gridmap') self.drawArtist(g, box, a, M, true); });
      if (op) p.artists.forEach(function (a) { if (a.kind === 'field') self.drawArtist(g, box, a, M, false); });
      g.restore();
      self.drawAxes(g, box, M); self.drawColorbar(g, box);
    });
    this.clearHover();
  };

  View.prototype.table = function (a) {
    var wrap = document.createElement('div'); wrap.className = 'iview-table';
    var t = document.createElement('table'), bold = {}, state = { col: -1, dir: 1 };
    (a.boldCells || []).forEach(function (b) { bold[b[0] + ',' + b[1]] = 1; });
    var rows = a.cells.map(function (r, i) { return { cells: r, i: i }; });
    var num = function (s) { var m = /^[^\d\u2212+-]*([\u2212+-]?\d*\.?\d+(?:[eE][\u2212+-]?\d+)?)/.exec(String(s)); return m ? Number(m[1].replace('\u2212', '-')) : NaN; };
    var render = function () {
      var h = '<thead><tr>' + a.header.map(function (c, k) { return '<th data-col="' + k + '">' + richHTML(c) + (state.col === k ? (state.dir > 0 ? ' ▲' : ' ▼') : '') + '</th>'; }).join('') + '</tr></thead><tbody>';
      rows.forEach(function (r) { h += '<tr>' + r.cells.map(function (c, k) { var s = richHTML(c); return '<td>' + (bold[r.i + ',' + k] ? '<b>' + s + '</b>' : s) + '</td>'; }).join('') + '</tr>'; });
      t.innerHTML = h + '</tbody>';
      Array.prototype.forEach.call(t.querySelectorAll('th'), function (th) { th.onclick = function () { sort(Number(th.getAttribute('data-col'))); }; });
    };
    var sort = function (k) {
      state.dir = state.col === k ? -state.dir : 1; state.col = k;
      rows.sort(function (x, y) {
        var a1 = num(x.cells[k]), b1 = num(y.cells[k]);
        var c = isNaN(a1) || isNaN(b1) ? String(x.cells[k]).localeCompare(String(y.cells[k])) : a1 - b1;
        return (c || x.i - y.i) * state.dir;
      });
      render();
    };
    if (a.text) { var cap = document.createElement('div'); cap.className = 'iview-table-title'; cap.innerHTML = richHTML(a.text) + ' <small>(click a column to sort)</small>'; wrap.appendChild(cap); }
    render(); wrap.appendChild(t); this.sortTable = sort;
    return wrap;
  };

  // ---- Hover read-outs, zoom ------------------------------------------------------------
  View.prototype.boxAt = function (x, y) {
    for (var k = 0; k < this.boxes.length; k++) { var pl = this.boxes[k].plot; if (x >= pl.x && x <= pl.x + pl.w && y >= pl.y && y <= pl.y + pl.h) return this.boxes[k]; }
    return null;
  };
  // The nearest drawn point of any visible curve artist within 30 px: {artist, index, px, py}.
  View.prototype.nearest = function (box, x, y, artists) {
    var best = null, self = this, M = box.M;
    artists.forEach(function (a) {
      if (!CURVES[a.kind] || (a.label && self.hidden[a.label]) || !a.x) return;
      var consider = function (i) {
        if (i < 0 || i >= a.x.length) return;
        var px = M.x(a.x[i]), py = M.y(a.y[i]);
        if (!isFinite(px) || !isFinite(py)) return;
        var d = Math.hypot(px - x, py - y);
        if (d < 30 && (!best || d < best.d)) best = { a: a, i: i, d: d, px: px, py: py };
      };
      if (a.kind === 'line' || a.kind === 'band' || a.kind === 'errorbar') {
        var i0 = nearestIndex(a.x, M.ix(x)), span = Math.max(2, Math.ceil(a.x.length / box.plot.w * 3));
        for (var i = i0 - span; i <= i0 + span; i++) consider(i);
      } else for (var j = 0; j < a.x.length; j++) consider(j);
    });
    return best;
  };
  View.prototype.clearHover = function () {
    var o = this.overlay.getContext('2d'); o.setTransform(this.ratio, 0, 0, this.ratio, 0, 0); o.clearRect(0, 0, this.width, this.height);
    this.tip.style.display = 'none'; this.tip.innerHTML = ''; this.hovered = null;
  };
  View.prototype.showTip = function (html, x, y) {
    this.tip.innerHTML = html; this.tip.style.display = 'block';
    var left = x + 14, w = this.tip.offsetWidth;
    if (left + w > this.width) left = Math.max(0, x - 14 - w);
    this.tip.style.left = left + 'px'; this.tip.style.top = Math.max(0, y - 10) + 'px';
  };
  function row(k, v) { return '<tr><th>' + k + '</th><td>' + v + '</td></tr>'; }

  View.prototype.hover = function (x, y) {
    this.clearHover();
    var box = this.boxAt(x, y);
    if (!box) return;
    var p = box.panel, M = box.M, o = this.overlay.getContext('2d'), md = this.data.metadata || {}, html = '', self = this;
    var grid = p.artists.filter(function (a) { return a.kind === 'gridmap'; })[0];
    if (grid) {
      var pl = box.plot, c = Math.floor((x - pl.x) / pl.w * grid.cols), r = Math.floor((y - pl.y) / pl.h * grid.rows);
      if (r < 0 || c < 0 || r >= grid.rows || c >= grid.cols) return;
      var wall = (grid.walls || []).some(function (w) { return w[0] === r && w[1] === c; });
      var bar = p.colorbar || this.data.panels.map(function (q) { return q.colorbar; }).filter(function (q) { return q && q.label; })[0];
      html = row('cell', 'row ' + r + ', column ' + c) + (wall ? row('wall', 'yes') : row(bar && bar.label ? richHTML(bar.label) : 'value', exact(grid.z[r * grid.cols + c])));
      if (grid.overlayValues && !wall) html += row(grid.overlay === 'circles' ? 'occupancy' : 'overlay', exact(grid.overlayValues[r * grid.cols + c]));
      var lab = (grid.cellLabels || []).filter(function (l) { return l.row === r && l.col === c; })[0];
      if (lab) html += row('label', esc(lab.text));
      o.strokeStyle = '#000'; o.lineWidth = 2; o.strokeRect(pl.x + c * pl.w / grid.cols, pl.y + r * pl.h / grid.rows, pl.w / grid.cols, pl.h / grid.rows);
      this.showTip('<table>' + html + '</table>', x, y); this.hovered = { cell: [r, c] };
      return;
    }
    var op = this.otherPanel(p);
    var hit = this.nearest(box, x, y, p.artists), hitB = op ? this.nearest(box, x, y, op.artists) : null;
    if (hitB && (!hit || hitB.d < hit.d - 0.5)) hit = { a: hitB.a, i: hitB.i, d: hitB.d, px: hitB.px, py: hitB.py, fromB: true };
    var field = p.artists.filter(function (a) { return a.kind === 'field'; })[0];
    if (hit) {
      var a = hit.a, i = hit.i;
      html = row('series', richHTML(a.label || a.kind) + (this.other ? (hit.fromB ? ' (B)' : ' (A)') : ''));
      html += row(richHTML(p.x.label || 'x'), exact(a.x[i])) + row(richHTML(p.y.label || 'value'), exact(a.y[i]));
      if (a.lower && a.upper) html += row('band', '[' + exact(a.lower[i]) + ', ' + exact(a.upper[i]) + ']' + (md.band ? ' (' + esc(md.band) + ')' : ''));
      if (md.seeds) html += row('seeds', esc(md.seeds));
      if (a.kind === 'path') html += row('iterate', String(i) + ' of ' + (a.x.length - 1));
      if (field) html += row(richHTML(p.colorbar && p.colorbar.label || 'field'), exact(this.gridValue(field, a.x[i], a.y[i]).v));
      if (this.other) {
        var mine = hit.fromB ? op : p, theirs = hit.fromB ? p : op;
        var twin = theirs && theirs.artists.filter(function (b) { return b.kind === a.kind && b.label === a.label; })[0];
        if (twin) {
          var j = nearestIndex(twin.x, a.x[i]);
          if (twin.x[j] === a.x[i]) {
            var va = hit.fromB ? twin.y[j] : a.y[i], vb = hit.fromB ? a.y[i] : twin.y[j];
            html += row('A', exact(va)) + row('B', exact(vb)) + row('B − A', exact(vb - va));
          }
        }
        void mine;
      }
      o.beginPath(); o.arc(hit.px, hit.py, 4.5, 0, 2 * Math.PI); o.strokeStyle = '#000'; o.lineWidth = 1.5; o.stroke();
      if (a.kind === 'path') { // the whole path's iterates
        o.fillStyle = rgba(a.color || '#000000', 1);
        for (var k = 0; k < a.x.length; k++) { var qx = M.x(a.x[k]), qy = M.y(a.y[k]); if (isFinite(qx) && isFinite(qy)) { o.beginPath(); o.arc(qx, qy, 2.2, 0, 2 * Math.PI); o.fill(); } }
        if (i < a.x.length) richText(o, String(i), hit.px + 6, hit.py - 8, 10, 'left', '#000', true);
      }
      this.hovered = { label: a.label, index: i, x: a.x[i], y: a.y[i] };
    } else if (field) {
      var fx = M.ix(x), fy = M.iy(y), gv = this.gridValue(field, fx, fy);
      if (!gv) return;
      html = row(richHTML(p.x.label || 'x'), exact(gv.x)) + row(richHTML(p.y.label || 'y'), exact(gv.y)) + row(richHTML(p.colorbar && p.colorbar.label || 'value'), exact(gv.v));
      var slider = (this.data.sliders || []).filter(function (s) { return s.panels.indexOf(p.index) >= 0; })[0];
      if (slider) html += row(richHTML(slider.label), exact(slider.values[slider.panels.indexOf(p.index)]));
      if (op) { var fb = op.artists.filter(function (b) { return b.kind === 'field'; })[0]; var gb = fb && this.gridValue(fb, fx, fy); if (gb && gb.x === gv.x && gb.y === gv.y) html += row('B', exact(gb.v)) + row('B − A', exact(gb.v - gv.v)); }
      o.beginPath(); o.arc(M.x(gv.x), M.y(gv.y), 3, 0, 2 * Math.PI); o.strokeStyle = '#fff'; o.lineWidth = 1.5; o.stroke();
      this.hovered = { field: gv.v, x: gv.x, y: gv.y };
    } else return;
    this.showTip('<table>' + html + '</table>', x, y);
    void self;
  };
  // The grid point nearest (x, y) and its stored value.
  View.prototype.gridValue = function (a, x, y) {
    var i = nearestIndex(a.x, x), j = nearestIndex(a.y, y);
    if (i < 0 || j < 0) return null;
    return { x: a.x[i], y: a.y[j], v: a.z[j * a.x.length + i], i: i, j: j };
  };

  View.prototype.listen = function () {
    var self = this, cv = this.overlay, drag = null;
    var pos = function (e) { var r = cv.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    cv.addEventListener('mousemove', function (e) {
      var q = pos(e);
      if (drag) {
        self.clearHover(); var o = cv.getContext('2d'), pl = drag.box.plot;
        var x0 = Math.max(pl.x, Math.min(drag.x, q[0])), x1 = Math.min(pl.x + pl.w, Math.max(drag.x, q[0])), y0 = Math.max(pl.y, Math.min(drag.y, q[1])), y1 = Math.min(pl.y + pl.h, Math.max(drag.y, q[1]));
        o.fillStyle = 'rgba(31,119,180,0.15)'; o.fillRect(x0, y0, x1 - x0, y1 - y0); o.strokeStyle = '#1f77b4'; o.lineWidth = 1; o.strokeRect(x0, y0, x1 - x0, y1 - y0);
        return;
      }
      self.hover(q[0], q[1]);
    });
    cv.addEventListener('mouseleave', function () { if (!drag) self.clearHover(); });
    cv.addEventListener('mousedown', function (e) { var q = pos(e), box = self.boxAt(q[0], q[1]); if (box && box.panel.kind !== 'grid') { drag = { x: q[0], y: q[1], box: box }; e.preventDefault(); } });
    window.addEventListener('mouseup', function (e) {
      if (!drag) return;
      var q = pos(e), d = drag; drag = null;
      if (Math.abs(q[0] - d.x) < 5 && Math.abs(q[1] - d.y) < 5) { self.clearHover(); return; }
      var M = d.box.M, xs = [M.ix(d.x), M.ix(q[0])].sort(function (a, b) { return a - b; }), ys = [M.iy(d.y), M.iy(q[1])].sort(function (a, b) { return a - b; });
      self.limits[d.box.panel.index] = { x: xs, y: ys }; self.draw();
    });
    cv.addEventListener('dblclick', function (e) { var q = pos(e), box = self.boxAt(q[0], q[1]); if (box) { delete self.limits[box.panel.index]; self.draw(); } });
    window.addEventListener('resize', function () { var w = self.host.clientWidth; if (w && Math.abs(w - self.width) > 20) { self.layout(); self.draw(); } });
  };

  // ---- Test hooks -----------------------------------------------------------------------
  // Page coordinates of point i of the artist labelled `label` in panel `panel` (A's data).
  View.prototype.pointOnPage = function (panel, label, i) {
    var box = this.boxes.filter(function (b) { return b.panel.index === panel; })[0];
    if (!box) return null;
    var a = box.panel.artists.filter(function (x) { return x.label === label; })[0];
    if (!a) return null;
    var r = this.overlay.getBoundingClientRect();
    return { x: r.left + box.M.x(a.x[i]), y: r.top + box.M.y(a.y[i]), value: a.y[i] };
  };
  View.prototype.plotOnPage = function (panel) {
    var box = this.boxes.filter(function (b) { return b.panel.index === panel; })[0], r = this.overlay.getBoundingClientRect();
    return box ? { x: r.left + box.plot.x, y: r.top + box.plot.y, w: box.plot.w, h: box.plot.h } : null;
  };
  // Differences between this page's tick rule and the Cairo figure's ticks (empty: none).
  View.prototype.checkTicks = function () {
    var out = [], self = this;
    this.data.panels.forEach(function (p, k) {
      if (!p.showAxes) return;
      ['x', 'y'].forEach(function (axis) {
        var ax = p[axis];
        if (!ax.bins) { out.push('panel ' + k + ' ' + axis + ': no bin count'); return; }
        var t = axisTicks(ax, ax.limits, ax.bins, self.steps);
        if (JSON.stringify(t.major) !== JSON.stringify(ax.ticks) || JSON.stringify(t.labels) !== JSON.stringify(ax.tickLabels) || (t.offset || null) !== (ax.offsetLabel || null))
          out.push('panel ' + k + ' ' + axis + ': page ' + JSON.stringify([t.major, t.labels, t.offset]) + ' vs figure ' + JSON.stringify([ax.ticks, ax.tickLabels, ax.offsetLabel]));
      });
    });
    return out;
  };

  function start() {
    document.documentElement.classList.add('js');
    Array.prototype.forEach.call(document.querySelectorAll('.iview[data-view]'), function (host) {
      try {
        var read = function (id) { var s = id && document.getElementById(id); return s ? JSON.parse(s.textContent) : null; };
        var v = new View(host, read(host.getAttribute('data-view')), read(host.getAttribute('data-other')));
        v.id = host.getAttribute('data-view');
        API.views.push(v);
        host.parentNode.classList.add('live');
      } catch (err) {
        API.errors.push(String(err && err.stack || err));
        host.parentNode.classList.remove('live');
        throw err;
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
