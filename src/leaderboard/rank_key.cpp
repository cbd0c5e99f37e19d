#include "leaderboard/rank_key.h"

namespace sb::leaderboard {
namespace {

constexpr int kPointBias = 129;  // point in [-129, 126] -> [0, 255]

void AppendMagnitude(const Score& s, std::string* out) {
  out->push_back(static_cast<char>(static_cast<uint8_t>(s.point() + kPointBias)));
  for (char d : s.digits()) out->push_back(static_cast<char>(d - '0' + 1));
  out->push_back('\0');
}

void InvertFrom(size_t begin, std::string* bytes) {
  for (size_t i = begin; i < bytes->size(); ++i) {
    (*bytes)[i] = static_cast<char>(0xFF - static_cast<uint8_t>((*bytes)[i]));
  }
}

}  // namespace

std::string ScoreKey(const Score& score) {
  std::string out;
  out.reserve(2 + score.digits().size() + 1);
  if (score.is_zero()) {
    out.push_back('\x02');
  } else if (!score.is_negative()) {
    out.push_back('\x03');
    AppendMagnitude(score, &out);
  } else {
    out.push_back('\x01');
    AppendMagnitude(score, &out);
    InvertFrom(1, &out);
  }
  return out;
}

std::string RankKey(const Score& score, int64_t at_ms, std::string_view player_id) {
  std::string out = ScoreKey(score);
  InvertFrom(0, &out);
  const uint64_t at = static_cast<uint64_t>(at_ms) ^ (uint64_t{1} << 63);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>(static_cast<uint8_t>(at >> shift)));
  }
  out.append(player_id);
  return out;
}

}  // namespace sb::leaderboard
