#include "function/board_item.h"

#include <algorithm>
#include <cassert>
#include <set>

#include "base/clock.h"
#include "function/iso8601.h"
#include "leaderboard/sequence.h"

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

Error Invalid(std::string message) { return MakeError("InvalidBoardItem", std::move(message)); }

const AttributeValue* Find(const protocol::AttributeMap& m, std::string_view name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

Result<leaderboard::Entry> DecodeEntry(const AttributeValue& v, size_t index) {
  const std::string where = "Entries[" + std::to_string(index) + "]";
  if (!v.is(AttrType::M)) return Invalid(where + " is not a map");
  const protocol::AttributeMap& m = v.m();
  leaderboard::Entry e;
  const AttributeValue* player = Find(m, "PlayerId");
  if (player == nullptr || !player->is(AttrType::S) || player->s().empty()) {
    return Invalid(where + ".PlayerId is not a non-empty string");
  }
  e.player_id = player->s();
  const AttributeValue* score = Find(m, "Score");
  if (score == nullptr || !score->is(AttrType::N)) return Invalid(where + ".Score is not a number");
  Result<leaderboard::Score> parsed = leaderboard::Score::Parse(score->n().ToString());
  if (!parsed.ok()) return Invalid(where + ".Score: " + parsed.error().message);
  e.score = std::move(parsed).value();
  if (const AttributeValue* name = Find(m, "PlayerName");
      name != nullptr && name->is(AttrType::S)) {
    e.player_name = name->s();
  }
  if (const AttributeValue* at = Find(m, "At"); at != nullptr) {
    std::optional<int64_t> ms;
    if (at->is(AttrType::S)) ms = ParseIso8601Millis(at->s());
    if (!ms.has_value()) return Invalid(where + ".At is not an ISO-8601 UTC time");
    e.at_ms = *ms;
  }
  if (const AttributeValue* seq = Find(m, "Seq"); seq != nullptr) {
    if (!seq->is(AttrType::S) ||
        (!seq->s().empty() && !leaderboard::IsValidSequenceNumber(seq->s()))) {
      return Invalid(where + ".Seq is not a sequence number");
    }
    e.seq = seq->s();
  }
  return e;
}

}  // namespace

protocol::Item EncodeBoardItem(const leaderboard::Board& board, int64_t updated_at_ms) {
  protocol::AttributeList entries;
  entries.reserve(board.entries.size());
  for (size_t i = 0; i < board.entries.size(); ++i) {
    const leaderboard::Entry& e = board.entries[i];
    Result<Number> score = Number::Parse(e.score.ToString());
    assert(score.ok());  // Score enforces DynamoDB's number limits
    entries.push_back(AttributeValue::M({
        {"Rank", AttributeValue::N(Number::FromInt(static_cast<int64_t>(i + 1)))},
        {"PlayerId", AttributeValue::S(e.player_id)},
        {"Score", AttributeValue::N(score.ok() ? std::move(score).value() : Number())},
        {"PlayerName", AttributeValue::S(e.player_name)},
        {"At", AttributeValue::S(FormatIso8601Millis(e.at_ms))},
    }));
  }
  protocol::Item item{
      {std::string(kGameIdAttribute), AttributeValue::S(board.game_id)},
      {std::string(kEntriesAttribute), AttributeValue::L(std::move(entries))},
      {std::string(kVersionAttribute), AttributeValue::N(Number::FromInt(board.version))},
      {std::string(kUpdatedAtAttribute), AttributeValue::S(FormatIso8601Millis(updated_at_ms))},
  };
  if (board.size > 0) {
    item[std::string(kSizeAttribute)] =
        AttributeValue::N(Number::FromInt(static_cast<int64_t>(board.size)));
  }
  return item;
}

Result<leaderboard::Board> DecodeBoardItem(const protocol::Item& item) {
  leaderboard::Board board;
  const AttributeValue* game = Find(item, kGameIdAttribute);
  if (game == nullptr || !game->is(AttrType::S)) return Invalid("GameId is not a string");
  board.game_id = game->s();
  const AttributeValue* version = Find(item, kVersionAttribute);
  if (version == nullptr || !version->is(AttrType::N) || !version->n().ToInt64(&board.version) ||
      board.version < 1) {
    return Invalid("Version is not a positive integer");
  }
  if (const AttributeValue* size = Find(item, kSizeAttribute); size != nullptr) {
    int64_t n = 0;
    if (!size->is(AttrType::N) || !size->n().ToInt64(&n) || n < 1) {
      return Invalid("Size is not a positive integer");
    }
    board.size = static_cast<size_t>(n);
  }
  if (const AttributeValue* entries = Find(item, kEntriesAttribute); entries != nullptr) {
    if (!entries->is(AttrType::L)) return Invalid("Entries is not a list");
    std::set<std::string_view> players;
    for (size_t i = 0; i < entries->l().size(); ++i) {
      SB_ASSIGN_OR_RETURN(leaderboard::Entry e, DecodeEntry(entries->l()[i], i));
      board.entries.push_back(std::move(e));
    }
    for (const leaderboard::Entry& e : board.entries) {
      if (!players.insert(e.player_id).second)
        return Invalid("player " + e.player_id + " listed twice");
    }
  }
  std::sort(board.entries.begin(), board.entries.end(), leaderboard::RanksBefore);
  return board;
}

}  // namespace sb::function
