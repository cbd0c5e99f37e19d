// Board keys: which partition of the Ranks table holds a player's entry for a game.
//
// With K rank shards (RANK_SHARDS, 1..64) a game's players are spread over K partition keys so
// that one hot game is not limited to one partition's write throughput:
//   K == 1:  the game id itself
//   K  > 1:  "<game>#<k>", k = FNV-1a 64-bit hash of the player id's bytes, mod K, in decimal
// Every board key of a deployment has the same form; changing K means rebuilding Ranks
// (`streamboard reconcile`). The top N of a game is the merge of the top N of its K keys.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::leaderboard {

// FNV-1a, 64-bit (offset basis 14695981039346656037, prime 1099511628211).
uint64_t Fnv1a64(std::string_view bytes);

// REQUIRES: shards >= 1.
std::string BoardKey(std::string_view game_id, std::string_view player_id, size_t shards);

// All K board keys of a game, k = 0..K-1 (just the game id when K == 1).
std::vector<std::string> BoardKeys(std::string_view game_id, size_t shards);

}  // namespace sb::leaderboard
