#include "leaderboard/player_name.h"

#include <cstdint>

namespace sb::leaderboard {

std::string CapPlayerName(std::string_view name) {
  if (name.size() <= kMaxPlayerNameBytes) return std::string(name);
  size_t cut = kMaxPlayerNameBytes;
  // name[cut] is the first byte dropped; while it continues a sequence, drop that sequence too.
  while (cut > 0 && (static_cast<uint8_t>(name[cut]) & 0xC0) == 0x80) --cut;
  return std::string(name.substr(0, cut));
}

}  // namespace sb::leaderboard
