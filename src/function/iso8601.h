// Parsing the ISO-8601 UTC timestamps the board item and GameScores items carry
// ("2026-11-25T21:00:00.123Z"; base/clock.h's FormatIso8601Millis writes them).
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::function {

// Accepts YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+00:00); fractions beyond milliseconds are truncated.
// Returns milliseconds since the UNIX epoch, or nullopt for anything else (including other
// offsets and out-of-range fields).
std::optional<int64_t> ParseIso8601Millis(std::string_view text);

}  // namespace sb::function
