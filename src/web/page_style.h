// The live page's stylesheet (web/page.h puts it in a <style> element): a top bar with the
// connection and pipeline health, the window tabs and search, a grid of board cards, and the
// live log beside them (below them on narrow screens). System fonts only, no external
// resources; movement highlights fade within 2 s and stay still under prefers-reduced-motion.
// Constant data; thread-safe.
#pragma once

namespace sb::web {

inline constexpr const char* kPageStyle = R"CSS(
:root {
  --bg: #f4f6fa; --card: #fff; --ink: #1d2433; --muted: #5d6778; --line: #e3e7ee;
  --accent: #2f5bd3; --up: #137a3a; --up-bg: #d9f5e3; --down: #b42318; --down-bg: #fde3e1;
  --new: #7a4b00; --new-bg: #fff1c7; --warn: #8a5a00; --err: #b42318; --ok: #137a3a;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       background: var(--bg); color: var(--ink); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); white-space: nowrap; }
header.top { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap;
             padding: .55rem 1rem; background: #17213a; color: #eef2fb; }
header.top h1 { font-size: 1.05rem; margin: 0; letter-spacing: .02em; }
header.top h1 span { color: #9fb4ea; font-weight: 400; }
#status { font-size: .8rem; padding: .1rem .55rem; border-radius: 999px; background: #2c3a5e; }
#status::before { content: "●"; margin-right: .35rem; color: #c9a227; }
#status.live::before { color: #3ddc84; }
#status.down::before { color: #ff6b5e; }
#health { display: flex; gap: .35rem; flex-wrap: wrap; margin: 0 0 0 auto; padding: 0;
          list-style: none; font-size: .78rem; }
#health li { background: #25314f; border-radius: 5px; padding: .1rem .5rem;
             font-variant-numeric: tabular-nums; }
#health li b { font-weight: 600; color: #fff; }
#health li.warn { background: #6b4d00; }
#health li.bad { background: #8c1d14; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 1rem;
          padding: .8rem 1rem; align-items: start; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: center;
            margin-bottom: .7rem; }
[role="tablist"] { display: inline-flex; background: #e4e8f0; border-radius: 8px; padding: 2px; }
[role="tab"] { font: inherit; border: 0; background: transparent; color: var(--muted);
               padding: .25rem .75rem; border-radius: 6px; cursor: pointer; }
[role="tab"][aria-selected="true"] { background: var(--card); color: var(--ink);
                                     box-shadow: 0 1px 2px #0002; font-weight: 600; }
[role="tab"]:disabled { opacity: .45; cursor: default; }
form.search { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
form.search input { font: inherit; padding: .28rem .5rem; border: 1px solid #c7cedb;
                    border-radius: 6px; width: 9.5rem; background: #fff; color: var(--ink); }
form.search button, .chip { font: inherit; border: 1px solid var(--accent);
                            background: var(--accent); color: #fff; border-radius: 6px;
                            padding: .26rem .7rem; cursor: pointer; }
:focus-visible { outline: 3px solid #7aa2ff; outline-offset: 1px; }
#games { display: flex; gap: .35rem; flex-wrap: wrap; margin: -.2rem 0 .6rem; }
.chip { background: #fff; color: var(--accent); padding: .1rem .55rem; font-size: .8rem; }
#found { margin-bottom: .8rem; }
#found:empty { display: none; }
.result { background: var(--card); border-radius: 10px; box-shadow: 0 1px 3px #0002;
          padding: .7rem .9rem; border-left: 4px solid var(--accent); }
.result h2 { font-size: 1rem; margin: 0 0 .35rem; }
.result .big { font-size: 1.5rem; font-weight: 700; color: var(--accent); margin-right: .4rem; }
.result tr.me td { background: #e6edff; font-weight: 600; }
.result .close { float: right; border: 0; background: none; font-size: 1.1rem; cursor: pointer;
                 color: var(--muted); }
#boards { display: grid; grid-template-columns: repeat(auto-fill, minmax(245px, 1fr));
          gap: .8rem; }
.board { background: var(--card); border-radius: 10px; box-shadow: 0 1px 3px #0002;
         padding: .6rem .75rem .7rem; min-width: 0; transition: box-shadow .6s; }
.board.flash { box-shadow: 0 0 0 2px #f5c84c, 0 1px 3px #0002; }
.board h2 { font-size: .98rem; margin: 0; display: flex; justify-content: space-between;
            gap: .5rem; }
.board h2 .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.board h2 .pin { font-size: .7rem; color: var(--accent); font-weight: 500; }
.board .meta { color: var(--muted); font-size: .74rem; margin: .05rem 0 .35rem; }
.board .more { color: var(--muted); font-size: .74rem; margin-top: .25rem; }
table { border-collapse: collapse; width: 100%; }
th { font-size: .7rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
     font-weight: 600; text-align: left; padding: .1rem .3rem; }
td { padding: .14rem .3rem; border-top: 1px solid var(--line); white-space: nowrap;
     overflow: hidden; text-overflow: ellipsis; max-width: 9rem; }
td.rank, th.num, td.score { text-align: right; font-variant-numeric: tabular-nums; }
td.rank { color: var(--muted); width: 1.8rem; }
td.score { font-weight: 600; }
td.move { width: 2.6rem; font-size: .74rem; font-weight: 700; text-align: right; }
tr.moved-up td { background: var(--up-bg); } tr.moved-up td.move { color: var(--up); }
tr.moved-down td { background: var(--down-bg); } tr.moved-down td.move { color: var(--down); }
tr.entered td { background: var(--new-bg); } tr.entered td.move { color: var(--new); }
tr.rescored td.score { color: var(--accent); }
tr td { transition: background-color 1.2s ease-out; }
.empty { color: var(--muted); font-style: italic; }
aside.log { background: var(--card); border-radius: 10px; box-shadow: 0 1px 3px #0002;
            padding: .6rem .75rem; position: sticky; top: .8rem; }
aside.log h2 { font-size: .95rem; margin: 0 0 .4rem; }
#log { list-style: none; margin: 0; padding: 0; max-height: calc(100vh - 7.5rem);
       overflow-y: auto; font-size: .8rem; }
#log li { padding: .22rem 0 .22rem .5rem; border-left: 3px solid var(--line);
          margin-bottom: .2rem; animation: slide .4s ease-out; word-break: break-word; }
#log li.changed { border-left-color: var(--ok); }
#log li.removed { border-left-color: var(--muted); }
#log li.warn { border-left-color: #e0a100; }
#log li.error { border-left-color: var(--err); color: var(--err); }
#log time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .3rem; }
#log .what { color: var(--muted); }
@keyframes slide { from { opacity: 0; transform: translateY(-4px); } to { opacity: 1; } }
@media (max-width: 780px) {
  .layout { grid-template-columns: 1fr; }
  aside.log { position: static; }
  #log { max-height: 16rem; }
  #health { margin-left: 0; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before { animation: none !important; transition: none !important; }
}
)CSS";

}  // namespace sb::web
