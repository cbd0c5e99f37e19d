#include "function/ranks_item.h"

#include "leaderboard/rank_key.h"
#include "leaderboard/sequence.h"

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

Error Invalid(std::string message) { return MakeError("InvalidRanksItem", std::move(message)); }

const AttributeValue* Find(const protocol::Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

}  // namespace

protocol::Item RankItemKey(std::string_view board_key, std::string_view player_id) {
  return protocol::Item{
      {std::string(kRanksBoardAttribute), AttributeValue::S(std::string(board_key))},
      {std::string(kRanksPlayerAttribute), AttributeValue::S(std::string(player_id))},
  };
}

protocol::Item EncodeRankItem(std::string_view board_key, const leaderboard::RankRecord& record,
                              int64_t expires_at_s) {
  const leaderboard::Entry& e = record.entry;
  protocol::Item item = RankItemKey(board_key, e.player_id);
  item[std::string(kRanksSeqAttribute)] = AttributeValue::S(leaderboard::PadSequenceNumber(e.seq));
  if (!record.live) {
    item[std::string(kRanksExpiresAtAttribute)] = AttributeValue::N(Number::FromInt(expires_at_s));
    return item;
  }
  // Score enforces DynamoDB's number limits, so its text always parses.
  item[std::string(kRanksScoreAttribute)] =
      AttributeValue::N(Number::Parse(e.score.ToString()).value());
  if (!e.player_name.empty()) {
    item[std::string(kRanksNameAttribute)] = AttributeValue::S(e.player_name);
  }
  item[std::string(kRanksAtAttribute)] = AttributeValue::N(Number::FromInt(e.at_ms));
  item[std::string(kRankKeyAttribute)] = AttributeValue::B(leaderboard::RankKey(e));
  if (expires_at_s > 0) {
    item[std::string(kRanksExpiresAtAttribute)] = AttributeValue::N(Number::FromInt(expires_at_s));
  }
  return item;
}

Result<leaderboard::RankRecord> DecodeRankItem(const protocol::Item& item) {
  leaderboard::RankRecord r;
  const AttributeValue* player = Find(item, kRanksPlayerAttribute);
  if (player == nullptr || !player->is(AttrType::S)) return Invalid("PlayerId is not a string");
  r.entry.player_id = player->s();
  if (const AttributeValue* seq = Find(item, kRanksSeqAttribute);
      seq != nullptr && seq->is(AttrType::S)) {
    r.entry.seq = seq->s();
  }
  if (Find(item, kRankKeyAttribute) == nullptr) return r;  // a tombstone
  r.live = true;
  const AttributeValue* score = Find(item, kRanksScoreAttribute);
  const AttributeValue* at = Find(item, kRanksAtAttribute);
  if (score == nullptr || !score->is(AttrType::N) || at == nullptr || !at->is(AttrType::N) ||
      !at->n().ToInt64(&r.entry.at_ms)) {
    return Invalid("live item of " + r.entry.player_id + " without a numeric Score and At");
  }
  Result<leaderboard::Score> parsed = leaderboard::Score::Parse(score->n().ToString());
  if (!parsed.ok()) return Invalid("Score: " + parsed.error().message);
  r.entry.score = std::move(parsed).value();
  if (const AttributeValue* name = Find(item, kRanksNameAttribute);
      name != nullptr && name->is(AttrType::S)) {
    r.entry.player_name = name->s();
  }
  return r;
}

}  // namespace sb::function
