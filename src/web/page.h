// The live page served at GET / by WebServer: plain HTML + JS, no external resources. It opens
// an EventSource on /api/events (passing on its own ?wait=) and redraws a game's table on each
// "board" event (the board JSON of cli/board_view.h FormatBoardJson). Constant data;
// thread-safe.
#pragma once

namespace sb::web {

inline constexpr const char* kPageHtml = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Streamboard · live leaderboards</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; background: #f6f7f9; color: #222; }
  h1 { font-size: 1.4rem; margin: 0 0 .2rem; }
  #status { color: #666; margin-bottom: 1.2rem; }
  #status.live::before { content: "● "; color: #2a2; }
  #status.down::before { content: "● "; color: #c22; }
  #boards { display: flex; flex-wrap: wrap; gap: 1.2rem; }
  .board { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; padding: 1rem;
           min-width: 18rem; }
  .board h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
  .board .meta { color: #777; font-size: .8rem; margin-bottom: .5rem; }
  .board.flash { animation: flash 1s; }
  @keyframes flash { from { background: #fff6c8; } to { background: #fff; } }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .15rem .5rem; }
  td.score, th.score, td.rank { text-align: right; font-variant-numeric: tabular-nums; }
  tr:nth-child(even) td { background: #f3f5f8; }
  .empty { color: #888; }
</style>
</head>
<body>
<h1>Streamboard</h1>
<div id="status">connecting…</div>
<div id="boards"><p class="empty" id="none">No boards yet: write a score to GameScores.</p></div>
<script>
"use strict";
const boards = document.getElementById("boards");
const status = document.getElementById("status");
const cards = new Map();
function cell(tag, text, cls) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (cls) el.className = cls;
  return el;
}
function render(b) {
  document.getElementById("none")?.remove();
  let card = cards.get(b.game);
  if (!card) {
    card = document.createElement("section");
    card.className = "board";
    card.dataset.game = b.game;
    cards.set(b.game, card);
    const sorted = [...cards.keys()].sort();
    const next = cards.get(sorted[sorted.indexOf(b.game) + 1]);
    boards.insertBefore(card, next || null);
  }
  card.replaceChildren(cell("h2", "game " + b.game),
      cell("div", "version " + (b.version ?? 0) + (b.updatedAt ? " · updated " + b.updatedAt : ""), "meta"));
  if (b.problem) card.appendChild(cell("p", "malformed board: " + b.problem, "empty"));
  const entries = b.entries || [];
  if (entries.length === 0) {
    card.appendChild(cell("p", "(empty board)", "empty"));
  } else {
    const table = document.createElement("table");
    const head = document.createElement("tr");
    head.append(cell("th", "#", "score"), cell("th", "player"), cell("th", "name"), cell("th", "score", "score"));
    table.appendChild(head);
    for (const e of entries) {
      const tr = document.createElement("tr");
      tr.append(cell("td", e.rank, "rank"), cell("td", e.player), cell("td", e.name || ""),
                cell("td", String(e.score), "score"));
      table.appendChild(tr);
    }
    card.appendChild(table);
  }
  card.classList.remove("flash");
  void card.offsetWidth;
  card.classList.add("flash");
}
const wait = new URLSearchParams(location.search).get("wait");
const source = new EventSource("/api/events" + (wait !== null ? "?wait=" + encodeURIComponent(wait) : ""));
source.addEventListener("board", (ev) => render(JSON.parse(ev.data)));
source.onopen = () => { status.textContent = "live"; status.className = "live"; };
source.onerror = () => {
  if (source.readyState === EventSource.CLOSED) { status.textContent = "disconnected"; status.className = "down"; }
};
</script>
</body>
</html>
)HTML";

}  // namespace sb::web
