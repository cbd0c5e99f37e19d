#include "cli/board_view.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <vector>

#include "base/clock.h"
#include "cli/terminal.h"
#include "function/board_item.h"

namespace sb::cli {
namespace {

std::string JsonString(const std::string& s) {
  return boost::json::serialize(boost::json::string(s));
}

std::string Pad(const std::string& s, size_t width, bool right) {
  if (s.size() >= width) return s;
  const std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

}  // namespace

protocol::ApiResult<BoardView> ReadBoardView(dynamo::DynamoDbClient& db, const std::string& table,
                                             const std::string& game) {
  dynamo::GetItemRequest request;
  request.table_name = table;
  request.key = {{std::string(function::kGameIdAttribute), protocol::AttributeValue::S(game)}};
  request.consistent_read = true;
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, db.GetItem(request));
  BoardView view;
  view.game = game;
  view.board.game_id = game;
  if (!result.item.has_value()) return view;
  view.exists = true;
  if (auto it = result.item->find(function::kUpdatedAtAttribute);
      it != result.item->end() && it->second.is(protocol::AttrType::S)) {
    view.updated_at = it->second.s();
  }
  Result<leaderboard::Board> board = function::DecodeBoardItem(*result.item);
  if (board.ok()) {
    view.board = std::move(board).value();
    view.board.game_id = game;
  } else {
    view.problem = board.error().message;
  }
  return view;
}

std::string FormatBoardTable(const BoardView& view) {
  // Every input-derived string goes through TerminalSafe: this text is printed on terminals.
  const std::string game = TerminalSafe(view.game);
  if (!view.exists) return "no board for game " + game + " yet\n";
  std::string out = "game " + game + " · version " + std::to_string(view.board.version);
  if (!view.updated_at.empty()) out += " · updated " + TerminalSafe(view.updated_at);
  out += "\n";
  if (!view.problem.empty())
    out += "the board item is malformed: " + TerminalSafe(view.problem) + "\n";
  if (view.board.entries.empty()) return out + "(empty board)\n";

  std::vector<std::vector<std::string>> rows;
  rows.push_back({"RANK", "PLAYER", "NAME", "SCORE", "UPDATED"});
  for (size_t i = 0; i < view.board.entries.size(); ++i) {
    const leaderboard::Entry& e = view.board.entries[i];
    rows.push_back({std::to_string(i + 1), TerminalSafe(e.player_id), TerminalSafe(e.player_name),
                    e.score.ToString(), e.at_ms > 0 ? FormatIso8601Millis(e.at_ms) : "-"});
  }
  std::vector<size_t> widths(5, 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      const bool right = c == 0 || c == 3;  // rank and score
      if (c > 0) line += "  ";
      line += c + 1 == row.size() ? row[c] : Pad(row[c], widths[c], right);
    }
    out += line + "\n";
  }
  return out;
}

std::string FormatBoardJson(const BoardView& view) {
  std::string out = "{\"game\":" + JsonString(view.game) +
                    ",\"exists\":" + (view.exists ? "true" : "false") +
                    ",\"version\":" + std::to_string(view.board.version);
  if (!view.updated_at.empty()) out += ",\"updatedAt\":" + JsonString(view.updated_at);
  if (!view.problem.empty()) out += ",\"problem\":" + JsonString(view.problem);
  out += ",\"entries\":[";
  for (size_t i = 0; i < view.board.entries.size(); ++i) {
    const leaderboard::Entry& e = view.board.entries[i];
    if (i > 0) out += ",";
    out += "{\"rank\":" + std::to_string(i + 1) + ",\"player\":" + JsonString(e.player_id) +
           ",\"name\":" + JsonString(e.player_name) + ",\"score\":" + e.score.ToString() +
           ",\"at\":" + JsonString(e.at_ms > 0 ? FormatIso8601Millis(e.at_ms) : "") + "}";
  }
  return out + "]}";
}

}  // namespace sb::cli
