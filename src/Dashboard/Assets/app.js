// naslab dashboard: one page, no dependencies. Reads the dashboard's JSON API, draws its charts as SVG, and polls
// the experiment's change stamp so every page updates while a search writes. Never writes anything.
"use strict";

const view = document.getElementById("view");
const nav = document.getElementById("nav");
const live = document.getElementById("live");
const PAGES = [["", "Overview"], ["trials", "Trials"], ["pareto", "Pareto front"], ["history", "History"], ["controller", "Controller"]];
const POLL_MS = 1500;
const PAGE_ROWS = 100;

let route = parseRoute();
let stamp = null;
let refresh = null; // re-renders the current page's data in place when the stamp moves

// ---- helpers ---------------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "text") e.textContent = v; else if (k === "html") e.innerHTML = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) { if (k === "text") e.textContent = v; else e.setAttribute(k, v); }
  for (const c of children.flat()) if (c) e.append(c);
  return e;
}

async function api(path) {
  const response = await fetch(path, { headers: { "Accept": "application/json" } });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

const fmt = {
  pct: v => v === null || v === undefined ? "-" : (100 * v).toFixed(2) + "%",
  ms: v => v === null || v === undefined ? "-" : Number(v).toFixed(3),
  reward: v => v === null || v === undefined ? "-" : Number(v).toFixed(4),
  count: v => v === null || v === undefined ? "-" : v >= 1e9 ? (v / 1e9).toFixed(2) + "G" : v >= 1e6 ? (v / 1e6).toFixed(2) + "M" : v >= 1e3 ? (v / 1e3).toFixed(1) + "k" : String(v),
  secs: v => v === null || v === undefined ? "-" : v < 90 ? v.toFixed(0) + " s" : v < 5400 ? (v / 60).toFixed(1) + " min" : (v / 3600).toFixed(1) + " h",
  time: v => v ? new Date(v).toLocaleString() : "-",
};

function parseRoute() {
  const parts = location.pathname.split("/").filter(p => p.length > 0).map(decodeURIComponent);
  if (parts[0] !== "e" || parts.length < 2) return { page: "home" };
  if (parts[2] === "trials" && parts[3]) return { experiment: parts[1], page: "trial", trial: Number(parts[3]) };
  return { experiment: parts[1], page: parts[2] || "" };
}

function base() { return `/api/e/${encodeURIComponent(route.experiment)}`; }
function pageUrl(page) { return `/e/${encodeURIComponent(route.experiment)}${page ? "/" + page : ""}`; }
function trialUrl(id) { return `/e/${encodeURIComponent(route.experiment)}/trials/${id}`; }

function link(href, text) {
  return el("a", { href, onclick: e => { if (e.ctrlKey || e.metaKey) return; e.preventDefault(); go(href); } }, text);
}

function go(href) { history.pushState(null, "", href); route = parseRoute(); render(); }
window.addEventListener("popstate", () => { route = parseRoute(); render(); });

function showError(error) {
  view.replaceChildren(el("div", { class: "error" }, el("h1", { text: "Cannot show this page" }), el("p", { id: "error-message", text: error.message })));
}

// ---- navigation and live updates -------------------------------------------------------------------------------

function renderNav() {
  nav.replaceChildren();
  if (!route.experiment) return;
  nav.append(el("span", { class: "experiment", title: "experiment" }, route.experiment));
  for (const [page, label] of PAGES) {
    const a = link(pageUrl(page), label);
    if (page === route.page || (route.page === "trial" && page === "trials")) a.classList.add("active");
    nav.append(a);
  }
}

async function poll() {
  if (!route.experiment) { setTimeout(poll, POLL_MS); return; }
  try {
    const now = (await api(`${base()}/stamp`)).stamp;
    live.classList.remove("stale");
    live.textContent = "live";
    if (stamp !== null && now !== stamp && refresh) await refresh();
    stamp = now;
  } catch (e) {
    live.classList.add("stale");
    live.textContent = "not updating: " + e.message;
  }
  setTimeout(poll, POLL_MS);
}

async function render() {
  renderNav();
  refresh = null;
  stamp = null;
  try {
    const pages = { home: renderHome, "": renderOverview, trials: renderTrials, pareto: renderPareto, history: renderHistory, controller: renderController, trial: renderTrial };
    const page = pages[route.page];
    if (!page) throw new Error(`there is no page '${route.page}'`);
    await page();
  } catch (e) { showError(e); }
}

// ---- pages -----------------------------------------------------------------------------------------------------

async function renderHome() {
  document.title = "naslab dashboard";
  const list = await api("/api/experiments");
  const rows = list.map(x => el("tr", { "data-name": x.name },
    el("td", { class: "text" }, link(`/e/${encodeURIComponent(x.name)}`, x.name)),
    el("td", { class: "text", text: x.status }), el("td", { text: x.trials }), el("td", { text: x.completed }),
    el("td", { text: fmt.reward(x.best_reward) }), el("td", { class: "text", text: x.error || fmt.time(x.updated_at) })));
  view.replaceChildren(el("h1", { text: "Experiments" }),
    list.length === 0 ? el("p", { class: "note", text: "No experiment here yet." }) :
      el("table", { id: "experiments" }, el("thead", {}, el("tr", {}, ["experiment", "status", "trials", "completed", "best reward", "last write"].map((h, i) => el("th", { class: i === 0 || i === 1 || i === 5 ? "text" : null, text: h })))), el("tbody", {}, rows)));
}

function card(label, value, detail, id) {
  return el("div", { class: "card", id }, el("div", { class: "label", text: label }), el("div", { class: "value" }, value), el("div", { class: "detail", text: detail || "" }));
}

async function renderOverview() {
  document.title = `${route.experiment} · naslab`;
  const draw = async () => {
    const o = await api(`${base()}/overview`);
    const budget = o.budget_trials ? `${o.trials} of ${o.budget_trials} trials` : `${o.trials} trials`;
    const best = o.best ? link(trialUrl(o.best.id), `trial ${o.best.id}: ${fmt.reward(o.best.reward)}`) : "none yet";
    const cards = el("div", { class: "cards" },
      card("status", o.status, `${o.search_space} space, ${o.strategy} strategy`, "status"),
      card("budget used", budget, o.budget_wall_seconds ? `wall-time budget ${fmt.secs(o.budget_wall_seconds)}` : "", "budget"),
      card("elapsed", fmt.secs(o.elapsed_seconds), `created ${fmt.time(o.created_at)}`),
      card("time left", o.eta_seconds === null ? "-" : fmt.secs(o.eta_seconds), o.eta_seconds === null ? "estimated while the search runs" : "at the pace of the last 20 trials", "eta"),
      card("best trial", best, o.best ? `${fmt.pct(o.best.accuracy)} at ${fmt.ms(o.best.latency_ms)} ms (target ${o.target_ms ?? "?"} ms)` : "", "best"),
      card("statuses", Object.entries(o.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(", ") || "-", "", "counts"),
      card("latency from", o.latency_devices.join(", ") || "-", "where completed trials were measured"));
    const workers = o.workers.length === 0 && o.running.length === 0 ? el("p", { class: "note", text: "No trial is running." }) :
      el("table", { id: "running" }, el("thead", {}, el("tr", {}, ["trial", "worker", "started", "attempt"].map(h => el("th", { class: "text", text: h })))),
        el("tbody", {}, o.running.map(r => el("tr", { "data-id": r.id }, el("td", { class: "text" }, link(trialUrl(r.id), `trial ${r.id}`)), el("td", { class: "text", text: r.worker || "-" }), el("td", { class: "text", text: fmt.time(r.started_at) }), el("td", { class: "text", text: r.attempts })))));
    const heartbeats = o.workers.length === 0 ? null : el("table", { id: "workers" },
      el("thead", {}, el("tr", {}, ["worker", "last heartbeat", "current trial"].map(h => el("th", { class: "text", text: h })))),
      el("tbody", {}, o.workers.map(w => el("tr", {}, el("td", { class: "text", text: w.name }), el("td", { class: "text", text: fmt.time(w.last_heartbeat) }), el("td", { class: "text", text: w.current_trial ?? "idle" })))));
    view.replaceChildren(el("h1", { text: o.name }), cards, el("h2", { text: "Running trials" }), workers, heartbeats ? el("h2", { text: "Workers" }) : null, heartbeats);
  };
  await draw();
  refresh = draw;
}

const COLUMNS = [
  ["id", "trial", true], ["status", "status", false], ["accuracy", "accuracy", true], ["latency_ms", "latency ms", true],
  ["reward", "reward", true], ["params", "params", true], ["macs", "MACs", true], ["train_seconds", "train s", true],
  ["latency_device", "latency device", false], ["worker", "worker", false], ["block_string", "blocks", false],
];

const TEXT_COLUMNS = ["status", "latency_device", "worker", "block_string"];

function trialRow(t, front) {
  const cell = (key) => {
    const v = t[key];
    switch (key) {
      case "id": return el("td", {}, link(trialUrl(t.id), String(t.id)));
      case "accuracy": return el("td", { "data-value": v, text: fmt.pct(v) });
      case "latency_ms": return el("td", { "data-value": v, text: fmt.ms(v) });
      case "reward": return el("td", { "data-value": v, text: fmt.reward(v) });
      case "params": case "macs": return el("td", { "data-value": v, text: fmt.count(v) });
      case "train_seconds": return el("td", { text: v === null ? "-" : v.toFixed(1) });
      case "block_string": return el("td", { class: "blocks", title: v, text: v });
      case "status": return el("td", { class: "text", text: t.duplicate_of ? `duplicate of ${t.duplicate_of}` : v, title: t.error || null });
      default: return el("td", { class: "text", text: v ?? "-" });
    }
  };
  return el("tr", { "data-id": t.id, class: front ? "front" : null }, COLUMNS.map(([key]) => cell(key)));
}

async function renderTrials() {
  document.title = `trials · ${route.experiment}`;
  const state = { sort: "id", desc: null, status: "", rows: 0, total: 0, loading: false };
  const body = el("tbody", { id: "trial-rows" });
  const total = el("span", { id: "trials-total" });
  const sentinel = el("div", { id: "more", class: "note" });
  const header = el("tr", {}, COLUMNS.map(([key, label, sortable]) => {
    const th = el("th", { class: (sortable ? "sortable " : "") + (TEXT_COLUMNS.includes(key) ? "text" : ""), "data-key": key, text: label });
    if (sortable) th.addEventListener("click", () => { state.desc = state.sort === key ? !(state.desc ?? naturallyDesc(key)) : null; state.sort = key; reload(); });
    return th;
  }));
  const status = el("select", { id: "status-filter", onchange: () => { state.status = status.value; reload(); } },
    ["", "completed", "running", "queued", "failed", "duplicate"].map(s => el("option", { value: s, text: s || "every status" })));
  const naturallyDesc = key => ["accuracy", "reward"].includes(key);
  const query = (skip, take) => `${base()}/trials?skip=${skip}&take=${take}&sort=${state.sort}${state.desc === null ? "" : "&desc=" + (state.desc ? 1 : 0)}${state.status ? "&status=" + state.status : ""}`;

  async function more() {
    if (state.loading || (state.rows >= state.total && state.rows > 0)) return;
    state.loading = true;
    try {
      const page = await api(query(state.rows, PAGE_ROWS));
      state.total = page.total;
      for (const t of page.rows) body.append(trialRow(t));
      state.rows += page.rows.length;
      total.textContent = `${state.rows} of ${state.total} trials shown`;
      sentinel.textContent = state.rows < state.total ? "scroll for more…" : "";
    } finally { state.loading = false; }
  }
  async function reload() {
    for (const th of header.children) { th.classList.toggle("sorted", th.dataset.key === state.sort); th.classList.toggle("asc", th.dataset.key === state.sort && !(state.desc ?? naturallyDesc(state.sort))); }
    body.replaceChildren(); state.rows = 0; state.total = 0;
    await more();
  }
  // Live: the rows already shown are fetched again (in pages), so new trials and changed statuses appear in place.
  refresh = async () => {
    const shown = Math.max(state.rows, PAGE_ROWS);
    const rows = [];
    let total = 0;
    for (let skip = 0; skip < shown; skip += 500) {
      const page = await api(query(skip, Math.min(500, shown - skip)));
      total = page.total; rows.push(...page.rows);
      if (page.rows.length === 0) break;
    }
    body.replaceChildren(...rows.map(t => trialRow(t)));
    state.rows = rows.length; state.total = total;
    total && (document.getElementById("trials-total").textContent = `${state.rows} of ${state.total} trials shown`);
    sentinel.textContent = state.rows < state.total ? "scroll for more…" : "";
  };
  view.replaceChildren(el("h1", { text: "Trials" }), el("div", { class: "toolbar" }, status, total),
    el("table", { id: "trials" }, el("thead", {}, header), body), sentinel);
  new IntersectionObserver(entries => { if (entries.some(e => e.isIntersecting)) more(); }).observe(sentinel);
  await reload();
}

// A scatter or line chart frame: linear or log x, linear y, ticks, and a function to place points.
function frame(width, height, xs, ys, { logX = false, xLabel = "", yLabel = "" } = {}) {
  const m = { l: 56, r: 14, t: 12, b: 36 };
  const fx = logX ? Math.log10 : (v => v);
  let [x0, x1] = [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (!isFinite(x0)) [x0, x1] = [0, 1];
  if (!isFinite(y0)) [y0, y1] = [0, 1];
  if (x1 - x0 < 1e-9) { x0 -= 0.5; x1 += 0.5; }
  if (y1 - y0 < 1e-9) { y0 -= 0.05; y1 += 0.05; }
  const px = (x1 - x0) * 0.05, py = (y1 - y0) * 0.08;
  [x0, x1, y0, y1] = [x0 - px, x1 + px, y0 - py, y1 + py];
  const X = v => m.l + (fx(v) - x0) / (x1 - x0) * (width - m.l - m.r);
  const Y = v => height - m.b - (v - y0) / (y1 - y0) * (height - m.t - m.b);
  const root = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}` });
  for (let i = 0; i <= 4; i++) {
    const yv = y0 + (y1 - y0) * i / 4, xv = x0 + (x1 - x0) * i / 4;
    const xValue = logX ? Math.pow(10, xv) : xv;
    root.append(svg("line", { x1: m.l, x2: width - m.r, y1: Y(yv), y2: Y(yv), stroke: "#eef0f4" }),
      svg("text", { x: m.l - 6, y: Y(yv) + 4, "text-anchor": "end", text: Math.abs(yv) < 10 ? yv.toFixed(3) : yv.toFixed(0) }),
      svg("text", { x: X(xValue), y: height - m.b + 16, "text-anchor": "middle", text: xValue < 10 ? xValue.toFixed(2) : xValue.toFixed(0) }));
  }
  root.append(svg("text", { x: (width + m.l) / 2, y: height - 4, "text-anchor": "middle", text: xLabel }),
    svg("text", { x: 12, y: height / 2, transform: `rotate(-90 12 ${height / 2})`, "text-anchor": "middle", text: yLabel }));
  return { root, X, Y, x0, x1, y0, y1, logX };
}

async function renderPareto() {
  document.title = `Pareto front · ${route.experiment}`;
  const draw = async () => {
    const d = await api(`${base()}/pareto`);
    const frontIds = new Set(d.front.map(t => t.id));
    const pts = d.points.filter(p => p.latency_ms > 0 && p.accuracy !== null);
    const content = [el("h1", { text: "Pareto front: accuracy against latency" })];
    if (pts.length === 0) { view.replaceChildren(...content, el("p", { class: "note", text: "No completed trial yet." })); return; }
    const T = d.reward ? d.reward.target_ms : null;
    const f = frame(900, 440, [...pts.map(p => p.latency_ms), ...(T ? [T] : [])], pts.map(p => p.accuracy), { logX: true, xLabel: "latency (ms, log scale)", yLabel: "validation accuracy" });
    // Iso-reward curves of this experiment's reward ACC * (LAT / T)^w, w = alpha at or under T and beta over it.
    const best = Math.max(...pts.map(p => p.reward ?? -Infinity));
    for (const level of T ? [1, 0.95, 0.9, 0.8] : []) {
      const r = best * level;
      let path = "";
      for (let i = 0; i <= 120; i++) {
        const lat = Math.pow(10, f.x0 + (f.x1 - f.x0) * i / 120);
        const w = lat <= T ? d.reward.alpha : d.reward.beta;
        const acc = r / Math.pow(lat / T, w);
        if (!isFinite(acc)) continue;
        const y = Math.max(f.y0, Math.min(f.y1, acc));
        path += `${path ? "L" : "M"}${f.X(lat).toFixed(1)},${f.Y(y).toFixed(1)}`;
      }
      f.root.append(svg("path", { d: path, fill: "none", stroke: "#b9c3d3", "stroke-dasharray": "4 3" }),
        svg("text", { x: 900 - 16, y: f.Y(Math.max(f.y0, Math.min(f.y1, r / Math.pow(Math.pow(10, f.x1) / T, d.reward.beta)))) - 3, "text-anchor": "end", text: `reward ${r.toFixed(3)}` }));
    }
    if (T) f.root.append(svg("line", { x1: f.X(T), x2: f.X(T), y1: f.Y(f.y0), y2: f.Y(f.y1), stroke: "#7a8699", "stroke-dasharray": "2 2" }),
      svg("text", { x: f.X(T) + 4, y: 24, text: `target T = ${T} ms` }));
    const sorted = [...d.front].sort((a, b) => a.latency_ms - b.latency_ms);
    if (sorted.length > 1) f.root.append(svg("path", { d: sorted.map((t, i) => `${i ? "L" : "M"}${f.X(t.latency_ms)},${f.Y(t.accuracy)}`).join(""), fill: "none", stroke: "#d0342c" }));
    for (const p of pts) {
      const onFront = frontIds.has(p.id);
      const dot = svg("circle", { cx: f.X(p.latency_ms), cy: f.Y(p.accuracy), r: onFront ? 5 : 3.5, fill: onFront ? "#d0342c" : "#2f6fd0", "fill-opacity": onFront ? 1 : 0.55, "data-id": p.id, style: "cursor:pointer" },
        svg("title", { text: `trial ${p.id}: ${fmt.pct(p.accuracy)}, ${fmt.ms(p.latency_ms)} ms, reward ${fmt.reward(p.reward)}` }));
      dot.addEventListener("click", () => go(trialUrl(p.id)));
      f.root.append(dot);
    }
    const table = el("table", { id: "front-table" }, el("thead", {}, el("tr", {}, COLUMNS.map(([key, label]) => el("th", { class: TEXT_COLUMNS.includes(key) ? "text" : null, text: label })))),
      el("tbody", {}, sorted.map(t => trialRow(t, true))));
    view.replaceChildren(...content, f.root,
      el("p", { class: "note", text: `${d.front.length} of ${pts.length} completed trials are Pareto-optimal (red). Dashed: iso-reward curves of this experiment's reward at 100, 95, 90 and 80% of the best reward.` }),
      el("h2", { text: "Trials on the front, fastest first" }), table);
  };
  await draw();
  refresh = draw;
}

async function renderHistory() {
  document.title = `history · ${route.experiment}`;
  const draw = async () => {
    const d = await api(`${base()}/history`);
    const supernet = d.supernet ? supernetSection(d.supernet)
      : [el("h2", { text: "Supernet training" }), el("p", { class: "note", text: "This experiment trains every child from scratch; a supernet curve appears here for weight-sharing searches." })];
    const content = [el("h1", { text: "Reward by trial" })];
    if (d.points.length === 0) { view.replaceChildren(...content, el("p", { class: "note", text: "No completed trial yet." }), ...supernet); return; }
    const f = frame(900, 360, d.points.map(p => p.id), d.points.map(p => p.reward), { xLabel: "trial", yLabel: "reward" });
    f.root.append(svg("path", { d: d.points.map((p, i) => `${i ? "H" + f.X(p.id) + "V" : "M" + f.X(p.id) + ","}${f.Y(p.best)}`).join(""), fill: "none", stroke: "#d0342c", "stroke-width": 2 }));
    for (const p of d.points) f.root.append(svg("circle", { cx: f.X(p.id), cy: f.Y(p.reward), r: 3, fill: "#2f6fd0", "fill-opacity": 0.6, "data-id": p.id }, svg("title", { text: `trial ${p.id}: reward ${fmt.reward(p.reward)}` })));
    view.replaceChildren(...content, f.root,
      el("p", { class: "legend" }, el("span", {}, el("span", { class: "swatch", style: "background:#2f6fd0" }), "each completed trial"), el("span", {}, el("span", { class: "swatch", style: "background:#d0342c" }), "best so far")),
      ...supernet);
  };
  await draw();
  refresh = draw;
}

// A weight-sharing search's supernet phase as of its latest checkpoint: the training loss by step, and the
// mean and best supernet reward of the strategy's candidates in each round (the controller learning).
function supernetSection(s) {
  const line = (f, pts, x, y, attrs) => svg("path", { d: pts.map((p, i) => `${i ? "L" : "M"}${f.X(x(p))},${f.Y(y(p))}`).join(""), fill: "none", "stroke-width": 2, ...attrs });
  const status = s.done ? `phase done after ${s.steps} steps and ${s.rounds.length} rounds; its best architectures are re-ranked as the trials above`
    : `in progress: ${s.steps} steps, ${s.round} rounds (as of the checkpoint of ${fmt.time(s.saved_at)})`;
  const parts = [el("h2", { text: "Supernet training" }), el("p", { class: "note", id: "supernet-status", text: status })];
  if (s.loss.length > 0) {
    const f = frame(900, 260, s.loss.map(p => p.step), s.loss.map(p => p.loss), { xLabel: "supernet step", yLabel: "training loss" });
    f.root.id = "supernet-loss";
    f.root.append(line(f, s.loss, p => p.step, p => p.loss, { stroke: "#2f6fd0" }));
    parts.push(f.root, el("p", { class: "note", text: s.steps_per_point > 1 ? `each point: the mean of ${s.steps_per_point} steps` : "each point: one step" }));
  }
  if (s.rounds.length > 0) {
    const f = frame(900, 260, s.rounds.map(r => r.round), [...s.rounds.map(r => r.mean_reward), ...s.rounds.map(r => r.best_reward)], { xLabel: "round", yLabel: "supernet reward" });
    f.root.id = "supernet-rewards";
    f.root.append(line(f, s.rounds, r => r.round, r => r.mean_reward, { stroke: "#2f6fd0", class: "mean" }),
      line(f, s.rounds, r => r.round, r => r.best_reward, { stroke: "#d0342c", class: "best" }));
    parts.push(el("h2", { text: "The strategy on the supernet" }), f.root,
      el("p", { class: "legend" }, el("span", {}, el("span", { class: "swatch", style: "background:#2f6fd0" }), "mean reward of the round's candidates"), el("span", {}, el("span", { class: "swatch", style: "background:#d0342c" }), "best of the round")));
  }
  return parts;
}

const PALETTE = ["#2f6fd0", "#e08a1e", "#2a9d5b", "#c2417a", "#7b5cc4", "#1fa3a3", "#a0722b", "#5d6b82", "#d0342c", "#6aa84f"];

async function renderController() {
  document.title = `controller · ${route.experiment}`;
  const draw = async () => {
    const d = await api(`${base()}/controller`);
    const content = [el("h1", { text: "What the strategy is choosing" })];
    if (d.windows.length === 0) { view.replaceChildren(...content, el("p", { class: "note", text: "No trial yet." })); return; }
    const mids = d.windows.map(w => (w.first + w.last) / 2);
    const f = frame(900, 240, mids, [0, 1, ...d.entropy], { xLabel: "trial", yLabel: "normalized entropy" });
    f.root.append(svg("path", { id: "entropy-line", d: d.entropy.map((h, i) => `${i ? "L" : "M"}${f.X(mids[i])},${f.Y(h)}`).join(""), fill: "none", stroke: "#2f6fd0", "stroke-width": 2 }));
    const grid = el("div", { class: "grid", id: "decisions" });
    for (const dec of d.decisions) {
      const w = 300, h = 90, bw = w / d.windows.length;
      const chart = svg("svg", { class: "chart", width: w, height: h, viewBox: `0 0 ${w} ${h}` });
      dec.frequencies.forEach((shares, i) => {
        let y = h;
        shares.forEach((s, c) => { if (s <= 0) return; const bh = s * h; y -= bh; chart.append(svg("rect", { x: i * bw, y, width: Math.max(1, bw - 1), height: bh, fill: PALETTE[c % PALETTE.length] }, svg("title", { text: `${dec.choices[c]}: ${(100 * s).toFixed(0)}% of trials ${d.windows[i].first}-${d.windows[i].last}` }))); });
      });
      grid.append(el("div", { class: "decision", "data-decision": dec.index }, el("h3", { text: dec.name }), chart,
        el("div", { class: "legend note" }, dec.choices.map((c, i) => el("span", {}, el("span", { class: "swatch", style: `background:${PALETTE[i % PALETTE.length]}` }), c)))));
    }
    view.replaceChildren(...content,
      el("p", { class: "note", text: `Trials in proposal order, in windows of ${d.window_size}. Entropy: the choices' entropy per decision, averaged over the ${d.decisions.length} decisions and normalized so 1 is uniform and 0 one fixed choice; it falls as the policy converges. These are frequencies of the sampled choices (the store keeps what was sampled, not the LSTM's probabilities).` }),
      f.root, el("h2", { text: "Choice shares per decision" }), grid);
  };
  await draw();
  refresh = draw;
}

async function renderTrial() {
  document.title = `trial ${route.trial} · ${route.experiment}`;
  const draw = async () => {
    const d = await api(`${base()}/trials/${route.trial}`);
    const t = d.trial;
    const fields = [
      ["status", t.status], ["accuracy", t.accuracy, fmt.pct], ["val_loss", t.val_loss, v => v === null ? "-" : Number(v).toFixed(4)],
      ["latency_ms", t.latency_ms, v => v === null ? "-" : `${fmt.ms(v)} ms`], ["latency_mode", t.latency_mode], ["measured_latency_ms", t.measured_latency_ms, v => v === null ? "-" : `${fmt.ms(v)} ms`],
      ["latency_device", t.latency_device], ["reward", t.reward, fmt.reward],
      ["supernet_accuracy", t.supernet_accuracy, v => v === null || v === undefined ? "-" : fmt.pct(v)], ["params", t.params, v => v === null ? "-" : v.toLocaleString("en-US")],
      ["macs", t.macs, v => v === null ? "-" : v.toLocaleString("en-US")], ["train_seconds", t.train_seconds, v => v === null ? "-" : `${v.toFixed(1)} s`],
      ["latency_seconds", t.latency_seconds, v => v === null ? "-" : `${v.toFixed(1)} s`], ["images_per_sec", t.images_per_sec, v => v === null ? "-" : v.toFixed(1)],
      ["worker", t.worker], ["attempts", t.attempts], ["started_at", t.started_at, fmt.time], ["finished_at", t.finished_at, fmt.time],
      ["arch_hash", t.arch_hash], ["decisions", `[${t.decisions.join(", ")}]`], ["duplicate_of", t.duplicate_of], ["error", t.error],
    ];
    const dl = el("dl", { class: "fields", id: "fields" });
    for (const [name, value, format] of fields) {
      if (value === null || value === undefined) continue;
      dl.append(el("dt", { text: name }), el("dd", { "data-field": name, "data-value": typeof value === "object" ? JSON.stringify(value) : value, text: format ? format(value) : value }));
    }
    const downloads = d.downloads.length === 0 ? null : el("p", { class: "downloads" }, "Download: ",
      d.downloads.map(f => el("a", { href: `${base()}/trials/${t.id}/export/${f}`, download: "", "data-format": f, text: f === "csharp" ? "C# (TorchSharp)" : "ONNX" })));
    const curve = d.training_curve && d.training_curve.length ? curveChart(d.training_curve) : el("p", { class: "note", text: "No training curve stored." });
    view.replaceChildren(el("h1", { text: `Trial ${t.id}` }), downloads, dl,
      el("h2", { text: "Blocks" }), el("pre", { id: "block-string", text: t.block_string }),
      el("h2", { text: "Block diagram" }), d.diagram_svg ? el("div", { class: "diagram", html: d.diagram_svg }) : el("p", { class: "note", text: "No stage diagram for cell networks: see the blocks above." }),
      el("h2", { text: "Training curve" }), curve,
      el("h2", { text: "Architecture" }), el("pre", { text: JSON.stringify(JSON.parse(t.architecture_json), null, 2) }));
  };
  await draw();
  refresh = draw;
}

function curveChart(curve) {
  const acc = curve.map(e => e.evaluationAccuracy ?? e.trainAccuracy);
  const f = frame(900, 260, curve.map(e => e.epoch), [...acc, ...curve.map(e => e.trainAccuracy)], { xLabel: "epoch", yLabel: "accuracy" });
  f.root.append(svg("path", { d: curve.map((e, i) => `${i ? "L" : "M"}${f.X(e.epoch)},${f.Y(e.trainAccuracy)}`).join(""), fill: "none", stroke: "#e08a1e", "stroke-width": 2 }));
  if (curve.some(e => e.evaluationAccuracy !== null && e.evaluationAccuracy !== undefined))
    f.root.append(svg("path", { d: curve.filter(e => e.evaluationAccuracy !== null).map((e, i) => `${i ? "L" : "M"}${f.X(e.epoch)},${f.Y(e.evaluationAccuracy)}`).join(""), fill: "none", stroke: "#2f6fd0", "stroke-width": 2 }));
  for (const e of curve) f.root.append(svg("circle", { cx: f.X(e.epoch), cy: f.Y(e.trainAccuracy), r: 3, fill: "#e08a1e" }));
  return el("div", {}, f.root, el("p", { class: "legend" }, el("span", {}, el("span", { class: "swatch", style: "background:#e08a1e" }), "training accuracy"), el("span", {}, el("span", { class: "swatch", style: "background:#2f6fd0" }), "validation accuracy")));
}

render().then(poll);
