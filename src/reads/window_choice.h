// ChooseWindow: the window a read names by kind and optional label, checked against the
// deployment's settings (WINDOWS, WINDOW_RETENTION_DAYS). Shared by the read API and
// `streamboard rank`. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "leaderboard/window.h"
#include "reads/read_settings.h"

namespace sb::reads {

// `kind` is all | daily | weekly | monthly and must be configured; `label` (absent: the window
// containing now_ms) must be of that kind ("all" or absent for all). Errors: code
// "InvalidWindow" for all of that, "WindowExpired" for a window that ended more than the
// retention ago (its entries are gone). Messages quote inputs by prefix.
Result<leaderboard::Window> ChooseWindow(const ReadSettings& settings, std::string_view kind,
                                         const std::optional<std::string>& label, int64_t now_ms);

}  // namespace sb::reads
