#include "cli/simulation.h"

#include <cmath>
#include <cstdlib>

namespace sb::cli {

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return MakeError("InvalidDuration",
                     "invalid duration '" + std::string(text) + "' (use e.g. 10s, 500ms, 2m, 1h)");
  };
  size_t digits_end = 0;
  bool dot = false;
  while (digits_end < text.size() && ((text[digits_end] >= '0' && text[digits_end] <= '9') ||
                                      (text[digits_end] == '.' && !dot))) {
    dot = dot || text[digits_end] == '.';
    ++digits_end;
  }
  const std::string number(text.substr(0, digits_end));
  const std::string_view unit = text.substr(digits_end);
  if (number.empty() || number == ".") return bad();
  const double value = std::strtod(number.c_str(), nullptr);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else {
    return bad();
  }
  const double ms = value * scale;
  if (!std::isfinite(ms) || ms > 24.0 * 3'600'000) return bad();
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(ms)));
}

std::string_view SimOpName(SimOp op) {
  switch (op) {
    case SimOp::kSet:
      return "set";
    case SimOp::kIncr:
      return "incr";
    case SimOp::kDecrease:
      return "decrease";
    case SimOp::kDelete:
      return "delete";
  }
  return "?";
}

SimOp ChooseOp(Random& random, double decrease_share, double delete_share, bool exists) {
  const double r = random.UniformDouble();
  SimOp op;
  if (r < delete_share) {
    op = SimOp::kDelete;
  } else if (r < delete_share + decrease_share) {
    op = SimOp::kDecrease;
  } else {
    op = random.Uniform(2) == 0 ? SimOp::kSet : SimOp::kIncr;
  }
  if (!exists && (op == SimOp::kDelete || op == SimOp::kDecrease)) op = SimOp::kSet;
  return op;
}

std::string SimPlayerId(std::string_view prefix, int index, int players) {
  const int width = static_cast<int>(std::to_string(std::max(players - 1, 0)).size());
  std::string n = std::to_string(index);
  if (static_cast<int>(n.size()) < width) n.insert(0, width - n.size(), '0');
  return std::string(prefix) + "-p" + n;
}

std::string SimGameId(std::string_view prefix, int index) {
  return std::string(prefix) + "-g" + std::to_string(index);
}

double Percentile(const std::vector<double>& sorted, double p) {
  const size_t n = sorted.size();
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

}  // namespace sb::cli
