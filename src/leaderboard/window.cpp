#include "leaderboard/window.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>

namespace sb::leaderboard {

namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

constexpr int64_t kDayMs = 86'400'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t DaysToMs(sys_days d) { return static_cast<int64_t>(d.time_since_epoch().count()) * kDayMs; }

std::string Pad(long long v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, v);
  return buf;
}

// Monday of ISO week 1 of ISO year `y`: the week holding January 4.
sys_days IsoWeekOneMonday(int y) {
  sys_days jan4{std::chrono::year{y} / std::chrono::January / 4};
  const unsigned iso_wd = std::chrono::weekday{jan4}.iso_encoding();  // Monday = 1
  return jan4 - days{iso_wd - 1};
}

Error Invalid(std::string_view what) {
  return MakeError("InvalidWindow", "not a window label: '" + std::string(what.substr(0, 64)) +
                                        "' (expected all, dYYYY-MM-DD, wYYYY-Www or mYYYY-MM)");
}

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string_view WindowKindName(WindowKind kind) {
  switch (kind) {
    case WindowKind::kAll: return "all";
    case WindowKind::kDaily: return "daily";
    case WindowKind::kWeekly: return "weekly";
    case WindowKind::kMonthly: return "monthly";
  }
  return "all";
}

Window WindowOf(WindowKind kind, int64_t at_ms) {
  Window w;
  w.kind = kind;
  if (kind == WindowKind::kAll) return w;
  const sys_days day{days{FloorDiv(at_ms, kDayMs)}};
  const std::chrono::year_month_day ymd{day};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  switch (kind) {
    case WindowKind::kDaily:
      w.label = "d" + Pad(y, 4) + "-" + Pad(m, 2) + "-" + Pad(static_cast<unsigned>(ymd.day()), 2);
      w.start_ms = DaysToMs(day);
      w.end_ms = w.start_ms + kDayMs;
      break;
    case WindowKind::kWeekly: {
      const sys_days monday = day - days{std::chrono::weekday{day}.iso_encoding() - 1};
      // The ISO year is the year of the week's Thursday.
      const int iso_year = static_cast<int>(std::chrono::year_month_day{monday + days{3}}.year());
      const int week = static_cast<int>((monday - IsoWeekOneMonday(iso_year)).count() / 7) + 1;
      w.label = "w" + Pad(iso_year, 4) + "-W" + Pad(week, 2);
      w.start_ms = DaysToMs(monday);
      w.end_ms = w.start_ms + 7 * kDayMs;
      break;
    }
    case WindowKind::kMonthly: {
      const sys_days first{ymd.year() / ymd.month() / 1};
      const sys_days next{(ymd.year() / ymd.month() / 1) + std::chrono::months{1}};
      w.label = "m" + Pad(y, 4) + "-" + Pad(m, 2);
      w.start_ms = DaysToMs(first);
      w.end_ms = DaysToMs(next);
      break;
    }
    case WindowKind::kAll: break;
  }
  return w;
}

Result<Window> ParseWindowLabel(std::string_view label) {
  if (label == "all") return Window{};
  if (label.size() < 2) return Invalid(label);
  const std::string_view rest = label.substr(1);
  int y = 0, a = 0, b = 0;
  std::optional<Window> w;
  if (label[0] == 'd' && rest.size() == 10 && rest[4] == '-' && rest[7] == '-' &&
      ParseInt(rest.substr(0, 4), &y) && ParseInt(rest.substr(5, 2), &a) &&
      ParseInt(rest.substr(8, 2), &b)) {
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(a)},
                                          std::chrono::day{unsigned(b)}};
    if (ymd.ok()) w = WindowOf(WindowKind::kDaily, DaysToMs(sys_days{ymd}));
  } else if (label[0] == 'w' && rest.size() == 8 && rest[4] == '-' && rest[5] == 'W' &&
             ParseInt(rest.substr(0, 4), &y) && ParseInt(rest.substr(6, 2), &a) && a >= 1) {
    w = WindowOf(WindowKind::kWeekly, DaysToMs(IsoWeekOneMonday(y) + days{7 * (a - 1)}));
  } else if (label[0] == 'm' && rest.size() == 7 && rest[4] == '-' &&
             ParseInt(rest.substr(0, 4), &y) && ParseInt(rest.substr(5, 2), &a) && a >= 1 &&
             a <= 12) {
    w = WindowOf(WindowKind::kMonthly,
                 DaysToMs(sys_days{std::chrono::year{y} / std::chrono::month{unsigned(a)} / 1}));
  }
  // Round trip: "w2026-W54" lands in 2027's week 1 and is refused here.
  if (!w || w->label != label) return Invalid(label);
  return *w;
}

Result<std::vector<WindowKind>> ParseWindowKinds(std::string_view list) {
  std::vector<WindowKind> kinds;
  size_t pos = 0;
  while (true) {
    const size_t comma = list.find(',', pos);
    const std::string_view name =
        list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::optional<WindowKind> kind;
    for (WindowKind k : {WindowKind::kAll, WindowKind::kDaily, WindowKind::kWeekly,
                         WindowKind::kMonthly}) {
      if (name == WindowKindName(k)) kind = k;
    }
    if (!kind) {
      return MakeError("InvalidWindow", "unknown window '" + std::string(name.substr(0, 64)) +
                                            "' (expected all, daily, weekly or monthly)");
    }
    for (WindowKind k : kinds) {
      if (k == *kind) {
        return MakeError("InvalidWindow", "window '" + std::string(name) + "' given twice");
      }
    }
    kinds.push_back(*kind);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return kinds;
}

std::string WindowKindsString(const std::vector<WindowKind>& kinds) {
  std::string out;
  for (WindowKind k : kinds) {
    if (!out.empty()) out += ',';
    out += WindowKindName(k);
  }
  return out;
}

std::string WindowedGame(std::string_view game, const Window& window) {
  if (window.kind == WindowKind::kAll) return std::string(game);
  std::string out(game);
  out += kWindowSeparator;
  out += window.label;
  return out;
}

}  // namespace sb::leaderboard
