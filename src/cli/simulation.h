// The pure pieces of `streamboard simulate`: duration text, the write mix, ids, percentiles.
// Pure; thread-safe (Random instances are the caller's).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.h"
#include "base/result.h"

namespace sb::cli {

// "10s", "500ms", "1.5s", "2m", "1h", or a bare number of seconds ("10", "0").
// Errors (code "InvalidDuration"): anything else, negative values, more than 24 hours.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

enum class SimOp { kSet, kIncr, kDecrease, kDelete };
std::string_view SimOpName(SimOp op);

// One draw of the write mix: kDelete with probability `delete_share`, kDecrease with
// `decrease_share`, else kSet or kIncr evenly. A player without a score can be neither
// lowered nor deleted meaningfully, so for them kDecrease and kDelete become kSet.
// REQUIRES: shares in [0, 1] with a sum <= 1.
SimOp ChooseOp(Random& random, double decrease_share, double delete_share, bool exists);

// "<prefix>-p0007" (index zero-padded to the width of `players`), "<prefix>-g3" (1-based).
std::string SimPlayerId(std::string_view prefix, int index, int players);
std::string SimGameId(std::string_view prefix, int index);

// The nearest-rank percentile `p` (0 < p <= 100) of `sorted` (ascending, non-empty):
// the smallest value with at least p% of the values at or below it.
double Percentile(const std::vector<double>& sorted, double p);

}  // namespace sb::cli
