// tapeless inspect: the page's only script (inlined into every page). Links the graph, the code,
// the memory chart and the tables: selecting any of them selects an IR node. Pan and zoom move
// each graph's viewBox. Reads the page data from #page-data; every text it inserts is escaped.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const nodes = data.nodes;
  const byId = new Map(nodes.map((n, i) => [n.id, i]));
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  const graph = $("#graph");
  const details = $("#details");
  const code = $("#code");
  const lineEls = new Map($$("[data-line]", code).map((el) => [Number(el.dataset.line), el]));
  const nodeEls = new Map($$("[data-node]").map((el) => [el.getAttribute("data-node"), el]));
  const views = {};
  for (const el of $$(".view", graph)) {
    const svg = $("svg", el);
    const [x, y, w, h] = svg.getAttribute("viewBox").split(/[ ,]+/).map(Number);
    svg.setAttribute("preserveAspectRatio", "none");
    views[el.dataset.view] = { el, svg, full: { x, y, w, h }, vb: null };
  }
  let current = "forward";
  let selected = -1;

  // ---- pan and zoom: the viewBox keeps the container's aspect ratio, so 1 px = scale units
  const size = () => ({ cw: graph.clientWidth || 1, ch: graph.clientHeight || 1 });
  function apply(v) {
    const b = v.vb;
    v.svg.setAttribute("viewBox", `${b.x} ${b.y} ${b.w} ${b.h}`);
  }
  function fit(v, mode) {
    const { cw, ch } = size();
    const f = v.full;
    // A tall graph starts at its top, as wide as the panel (readable); "all" shows everything.
    let s = Math.max(f.w / cw, f.h / ch);
    if (mode !== "all" && f.h / ch > 1.6 * (f.w / cw)) s = Math.max(f.w / cw, Math.min(s, 1.4));
    const w = cw * s;
    const h = ch * s;
    v.vb = { x: f.x + (f.w - w) / 2, y: mode !== "all" && h < f.h ? f.y : f.y + (f.h - h) / 2, w, h };
    apply(v);
  }
  function zoom(v, factor, px, py) {
    const { cw, ch } = size();
    const b = v.vb;
    const ux = b.x + (px ?? cw / 2) * (b.w / cw);
    const uy = b.y + (py ?? ch / 2) * (b.h / ch);
    const w = Math.min(Math.max(b.w / factor, 20), v.full.w * 20);
    const h = w * (ch / cw);
    v.vb = { x: ux - (ux - b.x) * (w / b.w), y: uy - (uy - b.y) * (h / b.h), w, h };
    apply(v);
  }
  graph.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = graph.getBoundingClientRect();
    zoom(views[current], Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  graph.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, vb: { ...views[current].vb }, moved: false };
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    graph.classList.add("panning");
    const v = views[current];
    const s = drag.vb.w / size().cw;
    v.vb = { ...drag.vb, x: drag.vb.x - dx * s, y: drag.vb.y - dy * s };
    apply(v);
  });
  window.addEventListener("pointerup", () => {
    graph.classList.remove("panning");
    setTimeout(() => (drag = null));
  });
  window.addEventListener("resize", () => Object.values(views).forEach((v) => v.vb && fit(v)));

  /** Scrolls the graph so that `el` is in view (centred), without changing the zoom. */
  function reveal(el) {
    const v = views[current];
    const r = el.getBoundingClientRect();
    const g = graph.getBoundingClientRect();
    if (r.left >= g.left && r.right <= g.right && r.top >= g.top && r.bottom <= g.bottom) return;
    const s = v.vb.w / g.width;
    v.vb = { ...v.vb, x: v.vb.x + ((r.left + r.right) / 2 - (g.left + g.width / 2)) * s, y: v.vb.y + ((r.top + r.bottom) / 2 - (g.top + g.height / 2)) * s };
    apply(v);
  }

  function showView(name) {
    current = name;
    for (const [key, v] of Object.entries(views)) v.el.hidden = key !== name;
    for (const b of $$(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === name));
    if (!views[name].vb) fit(views[name]);
  }

  // ---- selection
  const chip = (id) => `<span class="chip" data-goto="${esc(id)}">${esc(nodes[byId.get(id)]?.label ?? id)}</span>`;
  function describe(n) {
    const loop = n.loop === undefined ? null : data.loops[n.loop];
    const rows = [
      ["op", `<code>${esc(n.op)}</code>`],
      ["shape", `<code>${esc(n.shape)}</code> · ${esc(data.dtype)}`],
      n.layer ? ["layer", esc(n.layer)] : null,
      ["formula", `<div class="formula">${esc(n.formula)}</div>`],
      n.rule ? ["chain rule", `<div class="rule">${esc(n.rule)}</div>`] : null,
      n.gradOf ? ["result", `∂L/∂${esc(n.gradOf)}, returned in <code>grads</code>`] : null,
      n.inputs.length ? ["operands", n.inputs.map(chip).join("")] : null,
      n.consumers.length ? ["used by", [...new Set(n.consumers)].map(chip).join("")] : null,
      loop ? ["loop", `${loop.step} (${esc(loop.phase)}): ${esc(loop.label)}`] : null,
      ["storage", esc(n.storage)],
      loop ? ["code", loop.lines.map((r) => `lines ${r.from}–${r.to}`).join(", ")] : null,
    ].filter(Boolean);
    return `<span class="kind kind-${esc(n.kind)}">${esc(n.kind === "grad" ? "gradient result" : n.kind)}</span>
<h3>${esc(n.label)}</h3><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
  }

  function select(i, opts = {}) {
    for (const el of $$(".selected, .related, .lit, .hl, .own")) el.classList.remove("selected", "related", "lit", "hl", "own");
    for (const v of Object.values(views)) v.svg.classList.remove("has-selection");
    selected = i;
    if (i < 0) {
      details.innerHTML = '<p class="empty">Select a node to see its op, shapes, formula, chain-rule term, storage and code.</p>';
      return;
    }
    const n = nodes[i];
    if (n.view !== current) showView(n.view);
    const el = nodeEls.get(n.id);
    const svg = views[n.view].svg;
    svg.classList.add("has-selection");
    el.classList.add("selected");
    for (const id of [...n.inputs, ...n.consumers]) {
      const other = nodes[byId.get(id)];
      const rel = other.view === n.view ? nodeEls.get(id) : $(`[data-ref="${CSS.escape(id)}"]`, svg);
      if (rel) rel.classList.add("related");
    }
    for (const e of $$(`.e-to-${i}, .e-from-${i}`, svg)) e.classList.add("lit");
    details.innerHTML = describe(n);
    const loop = n.loop === undefined ? null : data.loops[n.loop];
    let first = null;
    for (const r of loop ? loop.lines : []) {
      for (let l = r.from; l <= r.to; l++) lineEls.get(l)?.classList.add("hl");
      first ??= r.from;
    }
    for (const l of n.own) lineEls.get(l)?.classList.add("own");
    const target = lineEls.get(n.own[0] ?? first);
    if (target && opts.scrollCode !== false)
      code.scrollTop += target.getBoundingClientRect().top - code.getBoundingClientRect().top - code.clientHeight / 4;
    for (const b of $$(`[data-buffer="${CSS.escape(n.id)}"]`)) b.classList.add("selected");
    if (loop) $(`tr[data-loop="${loop.step}"]`)?.classList.add("selected");
    if (opts.reveal !== false) reveal(el);
  }

  // ---- events
  document.addEventListener("click", (e) => {
    if (drag && drag.moved) return;
    const t = e.target.closest("[data-node], [data-ref], [data-goto], [data-line], [data-buffer], [data-loop], [data-param], [data-view], [data-zoom]");
    if (!t) return;
    const d = t.dataset;
    if (t.matches("[data-node]")) select(byId.get(t.getAttribute("data-node")), { reveal: false });
    else if (t.matches("[data-ref]")) select(byId.get(t.getAttribute("data-ref")));
    else if (d.goto !== undefined) select(byId.get(d.goto));
    else if (d.line !== undefined) {
      const i = data.lineNode[Number(d.line)];
      if (i >= 0) select(i, { scrollCode: false });
    } else if (d.buffer !== undefined) select(byId.get(d.buffer));
    else if (d.loop !== undefined) select(byId.get(data.loops[Number(d.loop)].root));
    else if (d.param !== undefined && byId.has(d.param)) select(byId.get(d.param));
    else if (t.matches("button[data-view]")) showView(d.view);
    else if (d.zoom) d.zoom === "fit" ? fit(views[current], "all") : zoom(views[current], d.zoom === "in" ? 1.3 : 1 / 1.3);
  });
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    const n = nodes[selected];
    const go = (id) => id !== undefined && select(byId.get(id));
    const keys = {
      ArrowDown: () => select(Math.min(nodes.length - 1, selected + 1)),
      ArrowUp: () => select(Math.max(0, selected < 0 ? 0 : selected - 1)),
      ArrowLeft: () => n && go(n.inputs[0]),
      ArrowRight: () => n && go(n.consumers[0]),
      Escape: () => select(-1),
      v: () => showView(current === "forward" ? "gradient" : "forward"),
      "+": () => zoom(views[current], 1.3),
      "=": () => zoom(views[current], 1.3),
      "-": () => zoom(views[current], 1 / 1.3),
      0: () => fit(views[current], "all"),
    };
    keys.j = keys.ArrowDown;
    keys.k = keys.ArrowUp;
    keys.h = keys.ArrowLeft;
    keys.l = keys.ArrowRight;
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });

  showView("forward");
  document.documentElement.dataset.ready = "true";
})();
