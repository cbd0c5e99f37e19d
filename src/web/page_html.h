// The live page's markup (web/page.h wraps it with the style and the script): the top bar
// (title, connection status, pipeline health), the window tabs and the player search, the
// board cards, and the live log. Landmarks, labels and live regions for screen readers.
// Constant data; thread-safe.
#pragma once

namespace sb::web {

inline constexpr const char* kPageHead = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Streamboard · live leaderboards</title>
<link rel="icon" href="data:,">
)HTML";

inline constexpr const char* kPageBody = R"HTML(<body>
<header class="top">
  <h1>Streamboard <span>live leaderboards</span></h1>
  <div id="status" role="status">connecting…</div>
  <ul id="health" aria-label="Pipeline health" title="Pipeline health"></ul>
</header>
<div class="layout">
  <main>
    <div class="controls">
      <div role="tablist" aria-label="Time window" id="tabs">
        <button role="tab" id="tab-all" data-window="all" aria-selected="true">All time</button>
        <button role="tab" id="tab-daily" data-window="daily" aria-selected="false" tabindex="-1">Daily</button>
        <button role="tab" id="tab-weekly" data-window="weekly" aria-selected="false" tabindex="-1">Weekly</button>
        <button role="tab" id="tab-monthly" data-window="monthly" aria-selected="false" tabindex="-1">Monthly</button>
      </div>
      <form class="search" id="search" role="search" autocomplete="off">
        <label class="visually-hidden" for="q-player">Player</label>
        <input id="q-player" name="search" placeholder="Find a player…" spellcheck="false">
        <label class="visually-hidden" for="q-game">Game</label>
        <input id="q-game" name="game" placeholder="in game…" list="game-list" spellcheck="false">
        <datalist id="game-list"></datalist>
        <button type="submit">Find</button>
      </form>
    </div>
    <div id="games" aria-label="Matching games"></div>
    <section id="found" aria-live="polite"></section>
    <h2 class="visually-hidden">Boards</h2>
    <div id="boards" role="tabpanel" aria-labelledby="tab-all">
      <p class="empty" id="none">No boards yet: write a score to the scores table.</p>
    </div>
  </main>
  <aside class="log" aria-labelledby="log-title">
    <h2 id="log-title">Live log</h2>
    <ol id="log" role="log" aria-live="off"></ol>
  </aside>
</div>
)HTML";

inline constexpr const char* kPageTail = R"HTML(
</body>
</html>
)HTML";

}  // namespace sb::web
