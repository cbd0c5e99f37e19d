#include "leaderboard/board_key.h"

namespace sb::leaderboard {
namespace {

std::string ShardKey(std::string_view game_id, uint64_t k) {
  std::string out(game_id);
  out.push_back('#');
  out += std::to_string(k);
  return out;
}

}  // namespace

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string BoardKey(std::string_view game_id, std::string_view player_id, size_t shards) {
  if (shards <= 1) return std::string(game_id);
  return ShardKey(game_id, Fnv1a64(player_id) % shards);
}

std::vector<std::string> BoardKeys(std::string_view game_id, size_t shards) {
  if (shards <= 1) return {std::string(game_id)};
  std::vector<std::string> out;
  out.reserve(shards);
  for (size_t k = 0; k < shards; ++k) out.push_back(ShardKey(game_id, k));
  return out;
}

}  // namespace sb::leaderboard
