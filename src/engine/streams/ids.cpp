#include "engine/streams/ids.h"

#include <cstdio>

#include "base/clock.h"

namespace sb::engine::streams {

namespace {

constexpr size_t kDigits = 21;  // "1" + 20 digits

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string FormatSequenceNumber(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020lld", static_cast<long long>(n));
  return buf;
}

std::optional<SequencePosition> ParseSequenceNumber(std::string_view text) {
  if (text.size() < 21 || text.size() > 40 || !AllDigits(text)) return std::nullopt;
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  if (text.size() < kDigits) return SequencePosition{SequencePosition::kBeforeAll, 0};
  if (text.size() > kDigits || text.front() != '1') {
    return SequencePosition{SequencePosition::kAfterAll, 0};
  }
  // 20 digits may exceed int64 (>= 9.22e18): such values are beyond any counter we issue.
  std::string_view rest = text.substr(1);
  if (rest > std::string_view("09223372036854775807")) {
    return SequencePosition{SequencePosition::kAfterAll, 0};
  }
  int64_t n = 0;
  for (char c : rest) n = n * 10 + (c - '0');
  return SequencePosition{SequencePosition::kExact, n};
}

std::string FormatShardId(int64_t created_millis, int64_t row_id) {
  // Multiplication by an odd constant is a bijection on 32-bit values: distinct row ids below
  // 2^32 give distinct suffixes that still look random.
  const uint32_t scrambled = static_cast<uint32_t>(row_id) * 2654435761u;
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%08x", static_cast<long long>(created_millis),
                scrambled);
  return buf;
}

std::string StreamLabelAt(int64_t unix_millis) {
  std::string iso = FormatIso8601Millis(unix_millis);
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso;
}

std::string StreamArn(std::string_view region, std::string_view table_name,
                      std::string_view label) {
  std::string arn = "arn:aws:dynamodb:";
  arn += region;
  arn += ":000000000000:table/";
  arn += table_name;
  arn += "/stream/";
  arn += label;
  return arn;
}

std::optional<StreamArnParts> ParseStreamArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  StreamArnParts parts;
  auto colon = arn.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  parts.region = std::string(arn.substr(0, colon));
  arn.remove_prefix(colon + 1);
  colon = arn.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  parts.account = std::string(arn.substr(0, colon));
  arn.remove_prefix(colon + 1);
  constexpr std::string_view kTable = "table/";
  if (arn.substr(0, kTable.size()) != kTable) return std::nullopt;
  arn.remove_prefix(kTable.size());
  constexpr std::string_view kStream = "/stream/";
  auto slash = arn.find(kStream);
  if (slash == std::string_view::npos || slash < 3 || slash > 255) return std::nullopt;
  parts.table_name = std::string(arn.substr(0, slash));
  for (char c : parts.table_name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return std::nullopt;
  }
  parts.label = std::string(arn.substr(slash + kStream.size()));
  if (parts.label.empty() || parts.label.find('/') != std::string::npos) return std::nullopt;
  return parts;
}

}  // namespace sb::engine::streams
