#include "cli/ranks_codec.h"

#include <map>

#include "function/board_item.h"
#include "function/ranks_item.h"
#include "leaderboard/board.h"
#include "leaderboard/board_key.h"
#include "leaderboard/player_name.h"
#include "leaderboard/rank_key.h"
#include "leaderboard/rank_update.h"
#include "leaderboard/sequence.h"
#include "protocol/dynamodb/number.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;

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
  leaderboard::RankRecord record{true, entry};
  record.entry.player_name = CappedName(entry.player_name);
  record.entry.seq = padded_seq;
  return function::EncodeRankItem(board_key, record, 0);
}

protocol::Item TombstoneRanksItem(const std::string& board_key, const std::string& player,
                                  const std::string& padded_seq, int64_t expires_at_s) {
  leaderboard::RankRecord record;
  record.entry.player_id = player;
  record.entry.seq = padded_seq;
  return function::EncodeRankItem(board_key, record, expires_at_s);
}

RanksRow DecodeRanksItem(const function::BoardConfig& config, const protocol::Item& item) {
  RanksRow row;
  const std::string* board = FindS(item, function::kRanksBoardAttribute);
  if (const std::string* player = FindS(item, function::kRanksPlayerAttribute)) {
    row.entry.player_id = *player;
  }
  if (board == nullptr) {
    row.problem = "Board is not a string";
    return row;
  }
  row.board = *board;
  row.game = GameOfBoardKey(config, *board);
  if (FindS(item, function::kRanksSeqAttribute) == nullptr) {
    row.problem = "Seq is not a string";
    return row;
  }
  Result<leaderboard::RankRecord> record = function::DecodeRankItem(item);
  if (!record.ok()) {
    row.problem = record.error().message;
    return row;
  }
  row.live = record->live;
  row.entry = std::move(record->entry);
  row.seq = row.entry.seq;
  if (row.live) {
    const AttributeValue* rank_key = Find(item, function::kRankKeyAttribute);
    if (!rank_key->is(AttrType::B)) {
      row.problem = "RankKey is not binary";
      return row;
    }
    row.rank_key = rank_key->b();
  }
  return row;
}

protocol::Item EncodeBoard(const std::string& game, const std::vector<leaderboard::Entry>& entries,
                           size_t size, int64_t version, int64_t now_ms) {
  leaderboard::Board board;
  board.game_id = game;
  board.entries = entries;
  board.version = version;
  board.size = size;
  return function::EncodeBoardItem(board, now_ms);
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
  view.size = board->size;
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
