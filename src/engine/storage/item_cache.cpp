#include "engine/storage/item_cache.h"

#include <functional>
#include <utility>

namespace sb::engine::storage {
namespace {

// What an entry costs beyond its stored bytes: the decoded item's containers, the map and
// list nodes, the control block (measured roughly; the budget is approximate).
constexpr size_t kEntryOverhead = 256;

}  // namespace

size_t ItemCache::KeyHash::operator()(const KeyView& k) const {
  size_t h = std::hash<std::string_view>()(k.hash);
  h ^= std::hash<std::string_view>()(k.range) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h ^ (static_cast<size_t>(k.table_id) * 0x9e3779b97f4a7c15ULL);
}

std::shared_ptr<const StoredItem> ItemCache::Lookup(int64_t table_id, std::string_view hash,
                                                    std::string_view range, Ticket* ticket) {
  std::lock_guard lock(mu_);
  auto it = map_.find(KeyView{table_id, hash, range});
  if (it == map_.end()) {
    ticket->generation = generation_;
    return nullptr;
  }
  if (!it->second.referenced) it->second.referenced = true;
  return it->second.item;
}

bool ItemCache::Insert(const Ticket& ticket, int64_t table_id, std::string_view hash,
                       std::string_view range, std::shared_ptr<const StoredItem> item,
                       size_t bytes) {
  const size_t charge = 2 * bytes + item->json.size() + hash.size() + range.size() + kEntryOverhead;
  std::lock_guard lock(mu_);
  if (committing_ || ticket.generation != generation_ || charge > capacity_) return false;
  auto [it, inserted] = map_.try_emplace(Key{table_id, std::string(hash), std::string(range)});
  if (inserted) {
    // New entries go just behind the hand: the last place it reaches.
    it->second.slot = ring_.insert(hand_, it->first);
  } else {
    // Another miss of the same key kept its read first: both read the same committed value.
    bytes_ -= it->second.bytes;
  }
  it->second.item = std::move(item);
  it->second.bytes = charge;
  bytes_ += charge;
  while (bytes_ > capacity_) EvictOneLocked();
  return true;
}

void ItemCache::BeginCommit(const std::vector<Key>& changed, bool all) {
  std::lock_guard lock(mu_);
  ++generation_;
  committing_ = true;
  if (all) {
    map_.clear();
    ring_.clear();
    hand_ = ring_.end();
    bytes_ = 0;
    return;
  }
  for (const Key& k : changed) {
    auto it = map_.find(k);
    if (it != map_.end()) EraseLocked(it);
  }
}

void ItemCache::EndCommit() {
  std::lock_guard lock(mu_);
  ++generation_;
  committing_ = false;
}

void ItemCache::EraseLocked(Map::iterator it) {
  bytes_ -= it->second.bytes;
  if (hand_ == it->second.slot) ++hand_;
  ring_.erase(it->second.slot);
  map_.erase(it);
}

void ItemCache::EvictOneLocked() {
  // Terminates: each pass clears the flags it meets, so the second pass finds one unset.
  for (;;) {
    if (hand_ == ring_.end()) hand_ = ring_.begin();
    auto it = map_.find(*hand_);
    if (!it->second.referenced) {
      EraseLocked(it);
      return;
    }
    it->second.referenced = false;
    ++hand_;
  }
}

size_t ItemCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t ItemCache::size() const {
  std::lock_guard lock(mu_);
  return map_.size();
}

}  // namespace sb::engine::storage
