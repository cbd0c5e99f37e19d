#include "cli/ranks_codec.h"

#include <cassert>
#include <map>

#include "function/board_item.h"
#include "leaderboard/board.h"
#include "leaderboard/board_key.h"
#include "leaderboard/player_name.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/sequence.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

const AttributeValue* Find(const protocol::Item& item, std::string_view name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

const std::string* FindS(const protocol::Item& item, std::string_view name) {
  const AttributeValue* v = Find(item, name);
  return v != nullptr && v->is(AttrType::S) ? &v->s() : nullptr;
}

}  // namespace

std::string BoardKeyOfShard(const function::BoardConfig& config, std::string_view game, size_t k) {
  return leaderboard::BoardKeys(game, config.rank_shards).at(k);
}

std::string BoardKeyFor(const function::BoardConfig& config, std::string_view game,
                        std::string_view player) {
  return leaderboard::BoardKey(game, player, config.rank_shards);
}

std::string GameOfBoardKey(const function::BoardConfig& config, std::string_view board_key) {
  if (config.rank_shards <= 1) return std::string(board_key);
  return std::string(board_key.substr(0, board_key.rfind('#')));
}

std::string RankKeyFor(const leaderboard::Entry& entry) { return leaderboard::RankKey(entry); }

std::string CappedName(std::string_view name) { return leaderboard::CapPlayerName(name); }

std::string PaddedSeq(std::string_view seq) {
  return seq.empty() ? std::string(40, '0') : leaderboard::PadSequenceNumber(seq);
}

protocol::Item LiveRanksItem(const std::string& board_key, const leaderboard::Entry& entry,
                             const std::string& padded_seq) {
  Result<Number> score = Number::Parse(entry.score.ToString());
  assert(score.ok());  // Score enforces DynamoDB's number limits
  protocol::Item item{
      {"Board", AttributeValue::S(board_key)},
      {"PlayerId", AttributeValue::S(entry.player_id)},
      {"Score", AttributeValue::N(score.ok() ? std::move(score).value() : Number())},
      {"At", AttributeValue::N(Number::FromInt(entry.at_ms))},
      {"Seq", AttributeValue::S(padded_seq)},
      {"RankKey", AttributeValue::B(RankKeyFor(entry))},
  };
  const std::string name = CappedName(entry.player_name);
  if (!name.empty()) item["PlayerName"] = AttributeValue::S(name);
  return item;
}

protocol::Item TombstoneRanksItem(const std::string& board_key, const std::string& player,
                                  const std::string& padded_seq, int64_t expires_at_s) {
  return protocol::Item{
      {"Board", AttributeValue::S(board_key)},
      {"PlayerId", AttributeValue::S(player)},
      {"Seq", AttributeValue::S(padded_seq)},
      {"ExpiresAt", AttributeValue::N(Number::FromInt(expires_at_s))},
  };
}

RanksRow DecodeRanksItem(const function::BoardConfig& config, const protocol::Item& item) {
  RanksRow row;
  const std::string* board = FindS(item, "Board");
  const std::string* player = FindS(item, "PlayerId");
  if (board == nullptr || player == nullptr) {
    row.problem = "Board or PlayerId is not a string";
    return row;
  }
  row.board = *board;
  row.game = GameOfBoardKey(config, *board);
  row.entry.player_id = *player;
  const std::string* seq = FindS(item, "Seq");
  if (seq == nullptr) {
    row.problem = "Seq is not a string";
    return row;
  }
  row.seq = *seq;
  const AttributeValue* rank_key = Find(item, "RankKey");
  if (rank_key == nullptr) return row;  // a tombstone
  row.live = true;
  if (!rank_key->is(AttrType::B)) {
    row.problem = "RankKey is not binary";
    return row;
  }
  row.rank_key = rank_key->b();
  const AttributeValue* score = Find(item, "Score");
  const AttributeValue* at = Find(item, "At");
  int64_t at_ms = 0;
  if (score == nullptr || !score->is(AttrType::N) || at == nullptr || !at->is(AttrType::N) ||
      !at->n().ToInt64(&at_ms)) {
    row.problem = "a live entry without a numeric Score and At";
    return row;
  }
  Result<leaderboard::Score> parsed = leaderboard::Score::Parse(score->n().ToString());
  if (!parsed.ok()) {
    row.problem = "Score: " + parsed.error().message;
    return row;
  }
  row.entry.score = std::move(parsed).value();
  row.entry.at_ms = at_ms;
  if (const std::string* name = FindS(item, "PlayerName")) row.entry.player_name = *name;
  return row;
}

protocol::Item EncodeBoard(const std::string& game, const std::vector<leaderboard::Entry>& entries,
                           size_t size, int64_t version, int64_t now_ms) {
  leaderboard::Board board;
  board.game_id = game;
  board.entries = entries;
  board.version = version;
  protocol::Item item = function::EncodeBoardItem(board, now_ms);
  item["Size"] = AttributeValue::N(Number::FromInt(static_cast<int64_t>(size)));
  return item;
}

StoredBoardView DecodeBoard(const protocol::Item& item, int64_t* version) {
  StoredBoardView view;
  view.exists = true;
  *version = 0;
  Result<leaderboard::Board> board = function::DecodeBoardItem(item);
  if (!board.ok()) {
    view.problem = board.error().message;
    // Still learn the version, so a rewrite can replace the malformed item.
    if (const AttributeValue* v = Find(item, function::kVersionAttribute);
        v != nullptr && v->is(AttrType::N)) {
      v->n().ToInt64(version);
    }
    return view;
  }
  *version = board->version;
  if (const AttributeValue* s = Find(item, "Size"); s != nullptr && s->is(AttrType::N)) {
    int64_t size = 0;
    if (s->n().ToInt64(&size) && size > 0) view.size = static_cast<size_t>(size);
  }
  // The codec returns entries in rank order; the check judges the order as stored.
  std::map<std::string, leaderboard::Entry> by_player;
  for (leaderboard::Entry& e : board->entries) by_player[e.player_id] = std::move(e);
  if (const AttributeValue* list = Find(item, function::kEntriesAttribute); list != nullptr) {
    for (const AttributeValue& v : list->l()) {  // decoded above: maps with a PlayerId
      view.entries.push_back(by_player.at(v.m().at("PlayerId").s()));
    }
  }
  return view;
}

}  // namespace sb::cli
