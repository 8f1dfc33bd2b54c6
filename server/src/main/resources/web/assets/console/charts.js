// Small SVG charts without a library: horizontal bars and lines. Each is a <figure> holding an <svg role="img"> whose
// aria-label says what it shows, visible text labels on the marks, and the same numbers as a <table> in a <details>,
// so the data is there for screen readers, keyboards and copy-paste alike. Text is built as text nodes, never markup.
import { h, uid } from '../core/dom.js';
import { t } from '../core/i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const COLOURS = ['#1a56c4', '#b45309', '#0b5d4b', '#7c3aed', '#a4161a', '#4b5563'];
const DASHES = [null, '6 4', '2 3', '10 3 2 3', '1 5', '8 8'];

/** An SVG element: attrs as attributes, children as nodes or text. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function defaultFormat(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 3 : 1);
}

function figure({ caption, label, svg, legend, table, testid }) {
  const captionId = uid('cap');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.prepend(s('title', {}, label));
  return h('figure', { class: 'chart', 'data-testid': testid, 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, caption),
    legend,
    svg,
    h('details', { class: 'chart-data' }, h('summary', {}, t('console.chart.table')), table));
}

function dataTable(caption, head, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'chart-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0
      ? h('th', { scope: 'row' }, c)
      : h('td', { 'data-label': head[i] }, c))))))));
}

/**
 * A horizontal bar chart. rows: [{label, value}]; values may be negative (drawn left of a zero line, in a second
 * colour), as a risk explanation's contributions are. Each bar has its label above it and its value beside it.
 * options: caption (visible), summary (the aria-label; defaults to caption and the values), head ([label column,
 * value column] for the table), format(v), testid, colours ({positive, negative}), max (the value a full-length bar
 * stands for, at least; scores in [0, 1] pass 1 so bars compare across charts).
 */
export function barChart(rows, options = {}) {
  const format = options.format || defaultFormat;
  const rowHeight = 42;
  const pad = { top: 8, left: 8, right: 8, bottom: 8 };
  const height = pad.top + pad.bottom + Math.max(1, rows.length) * rowHeight;
  const max = Math.max(options.max ?? 1e-12, ...rows.map((r) => Math.abs(r.value)));
  const anyNegative = rows.some((r) => r.value < 0);
  const width = 440;
  const valueRoom = 64;
  const plot = width - pad.left - pad.right - valueRoom;
  const zero = pad.left + (anyNegative ? plot / 2 : 0);
  const scale = (anyNegative ? plot / 2 : plot) / max;
  const positive = options.colours?.positive || COLOURS[0];
  const negative = options.colours?.negative || COLOURS[2];
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg bar-chart',
    preserveAspectRatio: 'xMinYMin meet' });
  rows.forEach((r, i) => {
    const y = pad.top + i * rowHeight;
    const w = Math.max(1, Math.abs(r.value) * scale);
    const x = r.value < 0 ? zero - w : zero;
    svg.append(
      s('text', { x: pad.left, y: y + 13, class: 'chart-label' }, r.label),
      s('rect', { x, y: y + 19, width: w, height: 16, rx: 2, fill: r.value < 0 ? negative : positive }),
      s('text', { x: r.value < 0 ? zero + 6 : x + w + 6, y: y + 32, class: 'chart-value' }, format(r.value)));
    // The zero line runs beside the bars only, so it never crosses a label.
    if (anyNegative) svg.append(s('line', { x1: zero, x2: zero, y1: y + 17, y2: y + 37, class: 'chart-axis' }));
  });
  const label = options.summary
    || `${options.caption}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join('; ')}`;
  const head = options.head || [t('console.chart.item'), t('console.chart.value')];
  return figure({ caption: options.caption, label, svg, testid: options.testid,
    table: dataTable(options.caption, head, rows.map((r) => [r.label, format(r.value)])) });
}

/**
 * A line chart over categories (model versions, say): series [{name, values: [number|null per category]}] drawn as
 * lines with point markers (each series its own colour and dash, so it reads without colour too), the categories
 * labelled on the x axis, a y axis with ticks, a legend, and axis titles. options: caption, xTitle, yTitle, format,
 * min/max (the y range; from the data when absent), testid.
 */
export function lineChart(categories, series, options = {}) {
  const format = options.format || defaultFormat;
  const values = series.flatMap((x) => x.values).filter((v) => typeof v === 'number' && Number.isFinite(v));
  let min = options.min ?? Math.min(0, ...values);
  let max = options.max ?? Math.max(...values, min + 1e-9);
  if (max - min < 1e-9) max = min + 1;
  const pad = { top: 16, left: 64, right: 16, bottom: 64 };
  const height = 300;
  const plotW = WIDTH - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i) => pad.left + (categories.length === 1 ? plotW / 2 : (i * plotW) / (categories.length - 1));
  const y = (v) => pad.top + plotH - ((v - min) / (max - min)) * plotH;
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'chart-svg line-chart',
    preserveAspectRatio: 'xMinYMin meet' });
  const ticks = 5;
  for (let k = 0; k <= ticks; k++) {
    const v = min + ((max - min) * k) / ticks;
    svg.append(s('line', { x1: pad.left, x2: WIDTH - pad.right, y1: y(v), y2: y(v), class: 'chart-grid' }),
      s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-tick' }, format(v)));
  }
  svg.append(s('line', { x1: pad.left, x2: pad.left, y1: pad.top, y2: pad.top + plotH, class: 'chart-axis' }),
    s('line', { x1: pad.left, x2: WIDTH - pad.right, y1: pad.top + plotH, y2: pad.top + plotH, class: 'chart-axis' }));
  categories.forEach((c, i) => {
    svg.append(s('text', { x: x(i), y: pad.top + plotH + 16, 'text-anchor': 'middle', class: 'chart-tick' }, c));
  });
  if (options.xTitle) {
    svg.append(s('text', { x: pad.left + plotW / 2, y: height - 8, 'text-anchor': 'middle', class: 'chart-title' },
      options.xTitle));
  }
  if (options.yTitle) {
    svg.append(s('text', { x: 14, y: pad.top + plotH / 2, 'text-anchor': 'middle', class: 'chart-title',
      transform: `rotate(-90 14 ${pad.top + plotH / 2})` }, options.yTitle));
  }
  series.forEach((ser, n) => {
    const colour = COLOURS[n % COLOURS.length];
    const points = ser.values.map((v, i) => [v, i]).filter(([v]) => typeof v === 'number' && Number.isFinite(v));
    if (points.length > 1) {
      svg.append(s('polyline', { points: points.map(([v, i]) => `${x(i)},${y(v)}`).join(' '), fill: 'none',
        stroke: colour, 'stroke-width': 2.5, 'stroke-dasharray': DASHES[n % DASHES.length] }));
    }
    for (const [v, i] of points) {
      svg.append(s('circle', { cx: x(i), cy: y(v), r: 4.5, fill: colour },
        s('title', {}, `${ser.name}, ${categories[i]}: ${format(v)}`)));
    }
  });
  // The legend is HTML, so long series names wrap on a phone instead of running off the drawing.
  const legend = h('ul', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map((ser, n) => h('li', {},
    s('svg', { viewBox: '0 0 28 8', width: 28, height: 8 }, s('line', { x1: 0, x2: 28, y1: 4, y2: 4,
      stroke: COLOURS[n % COLOURS.length], 'stroke-width': 3, 'stroke-dasharray': DASHES[n % DASHES.length] })),
    ser.name)));
  const label = options.summary || `${options.caption}: ${series.map((ser) => `${ser.name} ${
    ser.values.map((v, i) => `${categories[i]} ${typeof v === 'number' ? format(v) : '–'}`).join(', ')}`).join('; ')}`;
  const head = [options.xTitle || t('console.chart.item'), ...series.map((ser) => ser.name)];
  const rows = categories.map((c, i) => [c, ...series.map((ser) => (typeof ser.values[i] === 'number'
    ? format(ser.values[i]) : '–'))]);
  return figure({ caption: options.caption, label, svg, legend, testid: options.testid,
    table: dataTable(options.caption, head, rows) });
}
