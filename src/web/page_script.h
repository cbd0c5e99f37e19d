// The live page's script (web/page.h puts it in a <script> element). No external resources.
//
//  - Boards: an EventSource on /api/events ("board" events, cli/board_view.h FormatBoardJson).
//    Every board is kept; the cards show the active ones: the `cards` (default 12) most
//    recently changed, plus the game the search pinned. When a board changes, the players who
//    went up, down or entered since its previous version get the row class moved-up /
//    moved-down / entered (and rescored for a new score at the same rank) with an arrow and
//    the delta, cleared after 2 s.
//  - Windows: the tabs All time / Daily / Weekly / Monthly. Other than All time, a card shows
//    GET /api/top?game=&window=&limit= (re-read when the game's board changes), with the same
//    movement marks.
//  - Search: a player and a game: GET /api/rank?game=&player=&around=5&window= shows the
//    player's rank with the neighbours above and below (404 NotRanked: "not ranked"), re-read
//    when that game's board changes or the log shows a change in it; typing a
//    game suggests names from GET /api/games?search=&limit=. The URL parameters search=, game=
//    and window= run a search on load.
//  - Live log and health: an EventSource on /api/activity: "change" events (function_log.h
//    entries) prepend to the log (the latest 100 kept), "health" events (pipeline_health.h)
//    redraw the status bar.
//  - Scores keep every digit: JSON numbers named "score" are read from their source text.
//  - ?wait= is passed on to both streams (a headless browser's virtual time can run them).
// Constant data; thread-safe.
#pragma once

namespace sb::web {

inline constexpr const char* kPageScript = R"JS(
"use strict";
const params = new URLSearchParams(location.search);
const MAX_CARDS = Math.max(1, Number(params.get("cards")) || 12);
const MAX_ROWS = Math.max(1, Number(params.get("rows")) || 10);
const HIGHLIGHT_MS = 2000;
const LOG_KEEP = 100;
const $ = (id) => document.getElementById(id);
const boards = new Map();  // game -> {doc, seq, prev, marks, win, timer}
const cards = new Map();   // game -> <section>
const dirty = new Set();
let windowKind = "all";
let pinned = null;
let renderQueued = false;
let searched = null;  // the game of the search result shown: re-read when its board changes
let searchTimer = 0;

function parse(text) {
  return JSON.parse(text, (k, v, ctx) =>
      k === "score" && typeof v === "number" && ctx && ctx.source ? ctx.source : v);
}
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "title") e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}
function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return isNaN(d) ? "" : d.toLocaleTimeString([], {hour12: false});
}
function withWait(path) {
  const w = params.get("wait");
  return w === null ? path : path + (path.includes("?") ? "&" : "?") + "wait=" + encodeURIComponent(w);
}
async function getJson(path) {
  const r = await fetch(path, {cache: "no-store"});
  const text = await r.text();
  let body = null;
  try { body = parse(text); } catch (e) { body = null; }
  return {status: r.status, ok: r.ok, body};
}
const q = (o) => new URLSearchParams(o).toString();

// ---- movement ----
function stateOf(game) {
  let st = boards.get(game);
  if (!st) { st = {doc: null, seq: 0, marks: new Map(), win: null, timer: 0}; boards.set(game, st); }
  return st;
}
function markMoves(st, before, after) {
  const prev = new Map((before || []).map((e) => [e.player, e]));
  const until = Date.now() + HIGHLIGHT_MS;
  for (const e of after || []) {
    const p = prev.get(e.player);
    if (!p) st.marks.set(e.player, {cls: "entered", text: "NEW", label: "new on the board", until});
    else if (p.rank > e.rank) st.marks.set(e.player, {cls: "moved-up", text: "▲" + (p.rank - e.rank), label: "up " + (p.rank - e.rank), until});
    else if (p.rank < e.rank) st.marks.set(e.player, {cls: "moved-down", text: "▼" + (e.rank - p.rank), label: "down " + (e.rank - p.rank), until});
    else if (String(p.score) !== String(e.score)) st.marks.set(e.player, {cls: "rescored", text: "", label: "new score", until});
  }
}

// ---- boards ----
function onBoard(doc, seq) {
  const st = stateOf(doc.game);
  if (st.doc && windowKind === "all") markMoves(st, st.doc.entries, doc.entries);
  st.changed = st.doc !== null;  // a change, not the first sight: the card flashes
  st.doc = doc;
  st.seq = seq;
  if (windowKind !== "all" && cards.has(doc.game)) loadWindow(doc.game);
  if (doc.game === searched) refreshSearch();
  dirty.add(doc.game);
  queueRender();
}
function activeGames() {
  const live = [...boards.entries()].filter(([, s]) => s.doc && s.doc.exists !== false);
  live.sort((a, b) => b[1].seq - a[1].seq);
  const games = live.slice(0, MAX_CARDS).map(([g]) => g).sort();
  if (pinned !== null) return [pinned, ...games.filter((g) => g !== pinned)];
  return games;
}
function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(renderAll, 30);
}
function renderAll() {
  renderQueued = false;
  const games = activeGames();
  const host = $("boards");
  for (const [g, card] of cards) if (!games.includes(g)) { card.remove(); cards.delete(g); }
  if (games.length > 0) $("none")?.remove();
  let before = host.firstElementChild;
  for (const g of games) {
    let card = cards.get(g);
    const fresh = !card;
    if (fresh) {
      card = el("section", {class: "board", "data-game": g, "aria-label": "game " + g});
      cards.set(g, card);
      if (windowKind !== "all") loadWindow(g);
    }
    if (fresh || dirty.has(g)) renderCard(g, card);
    if (card !== before) host.insertBefore(card, before); else before = before.nextElementSibling;
  }
  dirty.clear();
}
function renderCard(game, card) {
  const st = stateOf(game);
  const now = Date.now();
  for (const [p, m] of st.marks) if (m.until <= now) st.marks.delete(p);
  const view = windowKind === "all" ? st.doc : st.win;
  const title = el("h2", {}, el("span", {class: "name", text: game, title: game}),
                   game === pinned ? el("span", {class: "pin", text: "searched"}) : null);
  const meta = [];
  if (windowKind === "all" && st.doc) {
    meta.push("v" + (st.doc.version ?? 0));
    if (st.doc.updatedAt) meta.push("updated " + clock(st.doc.updatedAt));
  } else if (view && view.window) {
    meta.push(view.window.label || view.window.kind);
    if (view.total !== undefined) meta.push(view.total + " players");
  }
  const parts = [title, el("div", {class: "meta", text: meta.join(" · ") || " "})];
  if (view && view.problem) parts.push(el("p", {class: "empty", text: "malformed board: " + view.problem}));
  if (view && view.error) parts.push(el("p", {class: "empty", text: view.error}));
  const entries = (view && view.entries) || [];
  if (!view) parts.push(el("p", {class: "empty", text: windowKind === "all" ? "no board yet" : "loading…"}));
  else if (entries.length === 0 && !view.error) parts.push(el("p", {class: "empty", text: "(empty board)"}));
  else if (entries.length > 0) parts.push(table(entries.slice(0, MAX_ROWS), st.marks));
  if (entries.length > MAX_ROWS) parts.push(el("div", {class: "more", text: "+" + (entries.length - MAX_ROWS) + " more · search to find a player"}));
  card.replaceChildren(...parts);
  if (st.changed) {
    st.changed = false;
    card.classList.add("flash");
    setTimeout(() => card.classList.remove("flash"), 900);
  }
  clearTimeout(st.timer);
  const next = Math.min(...[...st.marks.values()].map((m) => m.until));
  if (isFinite(next)) st.timer = setTimeout(() => { dirty.add(game); queueRender(); }, next - now + 5);
}
function table(entries, marks, me) {
  const head = el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "Player"}),
                  el("th", {text: "Name"}), el("th", {class: "num", text: "Score"}),
                  el("th", {}, el("span", {class: "visually-hidden", text: "Move"})));
  const body = el("tbody");
  for (const e of entries) {
    const m = marks && marks.get(e.player);
    const cls = [m ? m.cls : "", e.player === me ? "me" : ""].filter(Boolean).join(" ");
    body.append(el("tr", {class: cls || null, "data-player": e.player},
        el("td", {class: "rank", text: e.rank}), el("td", {text: e.player, title: e.player}),
        el("td", {text: e.name || "", title: e.name || null}), el("td", {class: "score", text: String(e.score)}),
        el("td", {class: "move", text: m ? m.text : "", "aria-label": m ? m.label : null})));
  }
  return el("table", {}, el("thead", {}, head), body);
}

// ---- windows ----
async function loadWindow(game) {
  const st = stateOf(game);
  const kind = windowKind;
  if (st.loading) { st.reload = true; return; }
  st.loading = true;
  try {
    const r = await getJson("/api/top?" + q({game, window: kind, limit: MAX_ROWS}));
    if (kind !== windowKind) return;
    if (r.ok && r.body) {
      if (st.win && st.win.entries) markMoves(st, st.win.entries, r.body.entries);
      st.win = r.body;
    } else {
      st.win = {entries: [], error: r.body && r.body.message ? r.body.message : "window not available (" + r.status + ")"};
    }
  } catch (e) {
    st.win = {entries: [], error: "window not available"};
  } finally {
    st.loading = false;
  }
  dirty.add(game);
  queueRender();
  if (st.reload) { st.reload = false; loadWindow(game); }
}
function selectWindow(kind, focus) {
  windowKind = kind;
  for (const t of document.querySelectorAll("[role=tab]")) {
    const on = t.dataset.window === kind;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.tabIndex = on ? 0 : -1;
    if (on) { $("boards").setAttribute("aria-labelledby", t.id); if (focus) t.focus(); }
  }
  for (const [g, st] of boards) { st.win = null; st.marks.clear(); dirty.add(g); }
  if (kind !== "all") for (const g of cards.keys()) loadWindow(g);
  queueRender();
  if ($("q-player").value && $("q-game").value) findPlayer();
}
$("tabs").addEventListener("click", (ev) => {
  const t = ev.target.closest("[role=tab]");
  if (t) selectWindow(t.dataset.window, false);
});
$("tabs").addEventListener("keydown", (ev) => {
  const tabs = [...document.querySelectorAll("[role=tab]")].filter((t) => !t.disabled);
  const i = tabs.findIndex((t) => t.dataset.window === windowKind);
  const step = {ArrowRight: 1, ArrowLeft: -1}[ev.key];
  if (step) { ev.preventDefault(); selectWindow(tabs[(i + step + tabs.length) % tabs.length].dataset.window, true); }
});
// The configured windows (GET /api/windows): their tabs get the current label as a tooltip;
// the tabs of windows not configured (or every one but All time, without the read API) are
// disabled.
async function labelWindows() {
  let list = [];
  try {
    const r = await getJson("/api/windows");
    if (r.ok && r.body) list = Array.isArray(r.body) ? r.body : r.body.windows || [];
  } catch (e) { /* no read API: All time only */ }
  const kinds = new Map(list.map((w) => [w.kind, w.label]));
  for (const t of document.querySelectorAll("[role=tab]")) {
    const kind = t.dataset.window;
    if (kind === "all") continue;
    t.disabled = !kinds.has(kind);
    t.title = kinds.has(kind) ? "current window: " + kinds.get(kind) : "not configured (WINDOWS)";
  }
}

// ---- search ----
// The result shown is re-read when its game changes (its board, or a logged score change
// below the board).
function refreshSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(findPlayer, 300);
}
async function findPlayer() {
  const player = $("q-player").value.trim();
  let game = $("q-game").value.trim();
  const found = $("found");
  searched = null;
  if (!player) { found.replaceChildren(); return; }
  if (!game) {
    const having = [...boards].find(([, s]) => s.doc && (s.doc.entries || []).some((e) => e.player === player));
    if (having) { game = having[0]; $("q-game").value = game; }
  }
  if (!game) { found.replaceChildren(result(null, "Choose a game to find " + player + " in.")); return; }
  pinned = game;
  dirty.add(game);
  queueRender();
  const u = new URL(location.href);
  u.searchParams.set("search", player); u.searchParams.set("game", game); u.searchParams.set("window", windowKind);
  history.replaceState(null, "", u);
  if (!found.querySelector(".result[data-game]")) {
    found.replaceChildren(result(null, "Looking up " + player + " in " + game + "…"));
  }
  let r;
  try {
    r = await getJson("/api/rank?" + q({game, player, around: 5, window: windowKind}));
  } catch (e) {
    found.replaceChildren(result(null, "Search failed: " + e.message)); return;
  }
  if (r.status === 404 && r.body && r.body.error === "NotRanked") {
    found.replaceChildren(result(null, player + " is not ranked in " + game + " (" + windowKind + ").", "not-ranked"));
  } else if (!r.ok || !r.body || !r.body.player) {
    found.replaceChildren(result(null, "Search failed" + (r.body && r.body.message ? ": " + r.body.message : " (" + r.status + ")")));
  } else {
    found.replaceChildren(result(r.body));
    searched = game;
  }
}
function result(doc, message, cls) {
  const close = el("button", {class: "close", type: "button", "aria-label": "Close search result", text: "×"});
  close.onclick = () => { $("found").replaceChildren(); pinned = null; searched = null; queueRender(); };
  if (!doc) return el("div", {class: "result " + (cls || "")}, close, el("p", {text: message}));
  const p = doc.player;
  const w = !doc.window || doc.window.kind === "all" ? "all time" : doc.window.label || doc.window.kind;
  // Shown in rank order (the API lists each side nearest first).
  const rows = [...(doc.above || []), p, ...(doc.below || [])].sort((a, b) => a.rank - b.rank);
  return el("div", {class: "result", "data-player": p.player, "data-game": doc.game}, close,
      el("h2", {text: (p.name || p.player) + " in " + doc.game + " · " + w}),
      el("p", {}, el("span", {class: "big", text: "#" + p.rank}),
         "of " + (doc.total ?? "?") + " · score " + String(p.score)),
      table(rows, null, p.player));
}
$("search").addEventListener("submit", (ev) => { ev.preventDefault(); findPlayer(); });
let gameTimer = 0;
$("q-game").addEventListener("input", () => {
  clearTimeout(gameTimer);
  gameTimer = setTimeout(suggestGames, 200);
});
async function suggestGames() {
  const text = $("q-game").value.trim();
  const chips = $("games");
  if (!text) { chips.replaceChildren(); return; }
  try {
    const r = await getJson("/api/games?" + q({search: text, limit: 12}));
    const list = r.ok && r.body ? (Array.isArray(r.body) ? r.body : r.body.games || []) : [];
    const names = list.map((g) => typeof g === "string" ? g : g.game || g.name).filter(Boolean);
    $("game-list").replaceChildren(...names.map((n) => el("option", {value: n})));
    chips.replaceChildren(...names.map((n) => {
      const b = el("button", {class: "chip", type: "button", text: n, title: "Show " + n});
      b.onclick = () => { $("q-game").value = n; pinned = n; dirty.add(n); queueRender(); if ($("q-player").value.trim()) findPlayer(); };
      return b;
    }));
  } catch (e) { chips.replaceChildren(); }
}

// ---- live log and health ----
function onChange(entry) {
  if (entry.game !== undefined && entry.game === searched) refreshSearch();
  const log = $("log");
  const kind = entry.level === "ERROR" || entry.level === "FATAL" ? "error"
      : entry.level === "WARN" ? "warn"
      : entry.message === "score changed" ? "changed" : entry.message === "score removed" ? "removed" : "";
  const li = el("li", {class: kind || null, "data-game": entry.game, "data-player": entry.player},
                el("time", {text: clock(entry.at), datetime: entry.at}));
  if (entry.message === "score changed") {
    li.append(el("b", {text: entry.player}), " → " + entry.score + " ", el("span", {class: "what", text: "in " + entry.game}));
  } else if (entry.message === "score removed") {
    li.append(el("b", {text: entry.player}), " removed ", el("span", {class: "what", text: "from " + entry.game}));
  } else {
    li.append(entry.message, entry.player ? " · " + entry.player : "", entry.game ? " · " + entry.game : "",
              entry.reason ? el("span", {class: "what", text: " (" + entry.reason + ")"}) : null);
  }
  log.prepend(li);
  while (log.children.length > LOG_KEEP) log.lastChild.remove();
}
function onHealth(h) {
  const lag = h.iteratorAgeMs || 0;
  const errors = (h.functionErrors || 0) + (h.errors || 0) + (h.batchesFailed || 0);
  const item = (label, value, title, cls) =>
      el("li", {class: cls || null, title, "data-key": label}, label + " ", el("b", {text: value}));
  $("health").replaceChildren(
      item("lag", lag < 1000 ? lag + " ms" : (lag / 1000).toFixed(1) + " s", "stream lag (iterator age of the latest batch)", lag > 5000 ? "warn" : ""),
      item("invocations", String(h.invocations ?? 0), "function invocations"),
      item("batches", String(h.batches ?? 0), "batches the function completed"),
      item("records", String(h.records ?? 0), "stream records the function read"),
      item("rejected", String(h.rejected ?? 0), "records the function rejected", h.rejected ? "warn" : ""),
      item("errors", String(errors), "function errors, failed batches and error lines", errors ? "bad" : ""));
}

// ---- streams ----
const status = $("status");
const source = new EventSource(withWait("/api/events"));
source.addEventListener("board", (ev) => onBoard(parse(ev.data), Number(ev.lastEventId) || 0));
source.onopen = () => { status.textContent = "live"; status.className = "live"; };
source.onerror = () => {
  if (source.readyState === EventSource.CLOSED) { status.textContent = "disconnected"; status.className = "down"; }
};
const activity = new EventSource(withWait("/api/activity"));
activity.addEventListener("change", (ev) => onChange(parse(ev.data)));
activity.addEventListener("health", (ev) => onHealth(parse(ev.data)));

labelWindows();
const initialWindow = params.get("window");
if (initialWindow && document.querySelector('[role=tab][data-window="' + initialWindow + '"]')) selectWindow(initialWindow, false);
if (params.get("search") !== null || params.get("game") !== null) {
  $("q-player").value = params.get("search") || "";
  $("q-game").value = params.get("game") || "";
  if ($("q-game").value) pinned = $("q-game").value;
  findPlayer();
}
)JS";

}  // namespace sb::web
