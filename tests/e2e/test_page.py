"""The live page of `streamboard up` in a real headless Chromium (driven over the DevTools
protocol on a pipe, cdp_pipe.py), with scores written through the Debian AWS CLI: a score
appears on its board, a move is highlighted (moved-up / moved-down / entered, then cleared), the
live log shows the change, the health bar counts the pipeline, only the active boards get a
card, and the search shows a player's rank with the neighbours."""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp_pipe import Chromium  # noqa: E402
from up_support import Up, board, board_problems, boto_client, put, table_rows  # noqa: E402

# Records every highlighted row the page ever shows, as "game|player|class|arrow", from a
# MutationObserver (called after each DOM change, so a highlight that lasts 2 s cannot slip by).
RECORDER = """
window.__marks = new Set();
window.__record = () => document.querySelectorAll(
    'section.board tr.moved-up, section.board tr.moved-down, section.board tr.entered')
  .forEach((tr) => window.__marks.add([tr.closest('section').dataset.game, tr.dataset.player,
      tr.className, tr.querySelector('td.move').textContent].join('|')));
new MutationObserver(window.__record).observe(document.getElementById('boards'),
    {subtree: true, childList: true, attributes: true});
true
"""


def js(value):
    return json.dumps(value)


def wait_boards(endpoint, games, timeout=60):
    """Waits until each game's board holds the top scores of the table (the page's source;
    test_up.py and test_exact.py check exactness); returns the last problems."""
    deadline = time.time() + timeout
    while True:
        rows = table_rows(endpoint)
        problems = {g: p for g in games
                    if (p := board_problems(board(endpoint, g), rows.get(g, {})))}
        if not problems or time.time() > deadline:
            return problems
        time.sleep(0.3)


class PageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.up = Up("--in-memory")
        cls.e = cls.up.endpoint
        cls.browser = Chromium(1000, 700)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        code = cls.up.stop()
        assert code == 0, f"up exited {code}:\n{cls.up.output()[-3000:]}"

    def rows(self, game):
        return self.browser.eval(
            f"[...document.querySelectorAll('section.board[data-game=' + {js(js(game))} + '] tbody tr')]"
            ".map((tr) => [...tr.cells].slice(0, 4).map((td) => td.textContent))")

    def wait_rows(self, game, want):
        self.browser.wait_for(
            f"JSON.stringify([...document.querySelectorAll('section.board[data-game=' + "
            f"{js(js(game))} + '] tbody tr')].map((tr) => [...tr.cells].slice(0, 4)"
            f".map((td) => td.textContent))) === {js(json.dumps(want, separators=(',', ':')))}",
            what=f"{game} rows {want}")

    def test_a_move_is_highlighted_logged_and_counted(self):
        g = "page-move"
        b = self.browser
        b.navigate(self.up.web)
        b.wait_for("document.getElementById('status').className === 'live'", what="live status")
        for p, score in (("p1", 100), ("p2", 200), ("p3", 300)):
            put(self.e, p, g, score, name=p.upper())
        # The score written through the AWS CLI appears on the page.
        self.wait_rows(g, [["1", "p3", "P3", "300"], ["2", "p2", "P2", "200"],
                           ["3", "p1", "P1", "100"]])
        b.eval(RECORDER)
        put(self.e, "p1", g, 500, name="P1")  # 3rd -> 1st: up 2; the others down 1
        self.wait_rows(g, [["1", "p1", "P1", "500"], ["2", "p3", "P3", "300"],
                           ["3", "p2", "P2", "200"]])
        moves = [f"{g}|p1|moved-up|▲2", f"{g}|p3|moved-down|▼1", f"{g}|p2|moved-down|▼1"]
        try:
            b.wait_for(f"window.__record(), {js(moves)}.every((m) => window.__marks.has(m))",
                       what="the move's highlights")
        except AssertionError as e:
            raise AssertionError(f"{e}\nhighlights seen: {b.eval('[...window.__marks]')}")
        put(self.e, "p4", g, 250, name="P4")  # a newcomer at rank 3
        b.wait_for(f"window.__record(), window.__marks.has({js(g + '|p4|entered|NEW')})",
                   what="p4 entered")
        # The highlights clear (after about 2 s).
        b.wait_for(f"!document.querySelector('section.board[data-game={g}] tr.moved-up, "
                   f"section.board[data-game={g}] tr.moved-down, "
                   f"section.board[data-game={g}] tr.entered')", what="highlights cleared")
        # The live log shows the function's "score changed" line for the move.
        b.wait_for(f"[...document.querySelectorAll('#log li.changed[data-game={g}][data-player=p1]')]"
                   ".some((li) => li.textContent.includes('→ 500'))", what="the move in the log")
        # The health bar counts the pipeline.
        b.wait_for("Number(document.querySelector('#health [data-key=invocations] b')?.textContent) > 0"
                   " && Number(document.querySelector('#health [data-key=records] b')?.textContent) >= 5",
                   what="health counts")
        self.assertEqual(b.eval("document.querySelector('#health [data-key=errors] b').textContent"), "0")
        self.assertIsNotNone(b.eval("document.querySelector('#health [data-key=lag]')?.textContent"))
        shot = b.screenshot()
        self.assertEqual(shot[:8], b"\x89PNG\r\n\x1a\n")
        out = os.environ.get("SB_PAGE_SCREENSHOT")  # keep it to look at
        if out:
            with open(out, "wb") as f:
                f.write(shot)

    def test_only_the_most_recently_changed_boards_get_cards(self):
        db = boto_client(self.e)
        games = [f"many-{i:02d}" for i in range(20)]
        for g in games:
            db.put_item(TableName="GameScores", Item={
                "PlayerId": {"S": "x"}, "GameId": {"S": g}, "Score": {"N": "1"}})
        self.assertEqual(wait_boards(self.e, games), {})
        last = "many-last"
        put(self.e, "x", last, 2)
        self.assertEqual(wait_boards(self.e, [last]), {})
        b = self.browser
        b.navigate(self.up.web + "?cards=5")
        b.wait_for(f"!!document.querySelector('section.board[data-game={last}]')",
                   what="the newest board's card")
        self.assertEqual(b.eval("document.querySelectorAll('section.board').length"), 5)

    def test_search_in_the_url_shows_the_rank_and_neighbours(self):
        g = "page-search"
        for i in range(1, 13):
            put(self.e, f"s{i:02d}", g, i * 10, name=f"S{i}")
        self.assertEqual(wait_boards(self.e, [g]), {})
        b = self.browser
        b.navigate(self.up.web + f"?search=s04&game={g}")
        big = b.wait_for(f"document.querySelector('.result[data-player=s04][data-game={g}] .big')"
                         "?.textContent", what="the search result")
        self.assertEqual(big, "#9")  # s12..s05 are above
        rows = b.eval("[...document.querySelectorAll('.result tbody tr')]"
                      ".map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.className])")
        self.assertEqual([r[1] for r in rows],
                         ["s09", "s08", "s07", "s06", "s05", "s04", "s03", "s02", "s01"])
        self.assertEqual([r[0] for r in rows], [str(n) for n in range(4, 13)])
        self.assertEqual(rows[5][2], "me")
        # The searched game is pinned first among the cards.
        self.assertEqual(b.eval("document.querySelector('section.board').dataset.game"), g)
        # The result follows the game: s04 climbs to the top.
        put(self.e, "s04", g, 1000, name="S4")
        b.wait_for(f"document.querySelector('.result[data-player=s04] .big')?.textContent === '#1'",
                   what="the result re-read after s04's move")
        # Someone without a score: "not ranked".
        b.navigate(self.up.web + f"?search=nobody&game={g}")
        b.wait_for("!!document.querySelector('.result.not-ranked')", what="not ranked")


class PageWindowsTest(unittest.TestCase):
    """up with --windows all,daily: the Daily tab reads the window through /api/top, the
    tabs of windows not configured are disabled."""

    @classmethod
    def setUpClass(cls):
        cls.up = Up("--in-memory", "--windows", "all,daily")
        cls.e = cls.up.endpoint
        cls.browser = Chromium(1000, 700)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        code = cls.up.stop()
        assert code == 0, f"up exited {code}:\n{cls.up.output()[-3000:]}"

    def test_the_daily_tab_shows_the_window_and_weekly_is_disabled(self):
        g = "page-daily"
        for p, score in (("d1", 10), ("d2", 30), ("d3", 20)):
            put(self.e, p, g, score, name=p.upper())
        self.assertEqual(wait_boards(self.e, [g]), {})
        b = self.browser
        b.navigate(self.up.web + "?window=daily")
        card = f"section.board[data-game={g}]"
        b.wait_for(f"document.querySelector('{card} .meta')?.textContent.startsWith('d20')",
                   what="the daily window's label on the card")
        rows = b.eval(f"[...document.querySelectorAll('{card} tbody tr')]"
                      ".map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, "
                      "tr.cells[3].textContent])")
        self.assertEqual(rows, [["1", "d2", "30"], ["2", "d3", "20"], ["3", "d1", "10"]])
        self.assertEqual(b.eval("document.getElementById('tab-daily').getAttribute('aria-selected')"),
                         "true")
        b.wait_for("document.getElementById('tab-weekly').disabled === true",
                   what="the weekly tab disabled")
        self.assertFalse(b.eval("document.getElementById('tab-daily').disabled"))
        # A move inside the window is re-read and highlighted there too.
        b.eval(RECORDER)
        put(self.e, "d1", g, 50, name="D1")
        b.wait_for(f"window.__record(), window.__marks.has({js(g + '|d1|moved-up|▲2')})",
                   what="d1's move in the daily window")


if __name__ == "__main__":
    unittest.main()
