#include "reads/window_choice.h"

#include <algorithm>

#include "base/quote.h"

namespace sb::reads {
namespace {

using leaderboard::Window;
using leaderboard::WindowKind;

constexpr int64_t kDayMs = 86'400'000;

std::optional<WindowKind> KindOf(std::string_view name) {
  for (WindowKind k :
       {WindowKind::kAll, WindowKind::kDaily, WindowKind::kWeekly, WindowKind::kMonthly}) {
    if (leaderboard::WindowKindName(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace

Result<Window> ChooseWindow(const ReadSettings& settings, std::string_view kind_name,
                            const std::optional<std::string>& label, int64_t now_ms) {
  std::optional<WindowKind> kind = KindOf(kind_name);
  if (!kind.has_value()) {
    return MakeError("InvalidWindow", "window must be all, daily, weekly or monthly, got '" +
                                          QuotePrefix(kind_name) + "'");
  }
  if (std::find(settings.windows.begin(), settings.windows.end(), *kind) ==
      settings.windows.end()) {
    return MakeError("InvalidWindow", "window '" + std::string(kind_name) +
                                          "' is not kept here (WINDOWS=" +
                                          leaderboard::WindowKindsString(settings.windows) + ")");
  }
  if (*kind == WindowKind::kAll) {
    if (label.has_value() && *label != "all") {
      return MakeError("InvalidWindow", "label must be absent or 'all' for window all, got '" +
                                            QuotePrefix(*label) + "'");
    }
    return Window{};
  }
  if (!label.has_value()) return leaderboard::WindowOf(*kind, now_ms);
  Result<Window> w = leaderboard::ParseWindowLabel(*label);
  if (!w.ok() || w->kind != *kind) {
    return MakeError("InvalidWindow", "label '" + QuotePrefix(*label) + "' is not a " +
                                          std::string(kind_name) + " window label");
  }
  if (w->end_ms + settings.window_retention_days * kDayMs <= now_ms) {
    return MakeError("WindowExpired", "window " + w->label + " ended more than " +
                                          std::to_string(settings.window_retention_days) +
                                          " days ago (WINDOW_RETENTION_DAYS): its entries are gone");
  }
  return std::move(w).value();
}

}  // namespace sb::reads
