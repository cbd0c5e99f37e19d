// The page token of a top-N read: opaque to clients, it says where the next page starts.
//   token = base64url(BigEndian64(offset) ++ last RankKey), no padding
// offset = how many entries the pages so far held; the next page starts after `last RankKey`
// (exclusive) and its first entry has rank offset + 1. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::reads {

struct PageToken {
  int64_t offset = 0;
  std::string last_key;

  friend bool operator==(const PageToken&, const PageToken&) = default;
};

inline constexpr size_t kMaxPageTokenChars = 4096;

std::string EncodePageToken(const PageToken& token);

// Errors (code "InvalidPageToken"): not base64url, longer than kMaxPageTokenChars, fewer than
// 9 bytes, a negative offset.
Result<PageToken> DecodePageToken(std::string_view text);

}  // namespace sb::reads
