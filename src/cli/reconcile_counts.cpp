#include "cli/reconcile_counts.h"

#include <map>
#include <set>

#include "base/quote.h"
#include "cli/ranks_codec.h"
#include "cli/table_reads.h"
#include "function/rank_counts_item.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/window.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;
using NodeMap = std::map<std::string, function::NodeCounts>;

// The board key of a node id (count_tree.h: 2-byte length, board key, prefix).
std::string BoardKeyOfNode(std::string_view node) {
  if (node.size() < 2) return "";
  const size_t n = (static_cast<unsigned char>(node[0]) << 8) | static_cast<unsigned char>(node[1]);
  return std::string(node.substr(2, n));
}

// The game a board key belongs to, window and shard stripped; and the window label ("" for
// all-time).
std::pair<std::string, std::string> GameAndWindow(const function::BoardConfig& config,
                                                  std::string_view board_key) {
  std::string game = GameOfBoardKey(config, board_key);
  const size_t sep = game.find(leaderboard::kWindowSeparator);
  if (sep == std::string::npos) return {game, ""};
  return {game.substr(0, sep), game.substr(sep + 1)};
}

protocol::ApiResult<NodeMap> ReadCounts(dynamo::DynamoDbClient& db,
                                        const function::BoardConfig& config) {
  NodeMap nodes;
  dynamo::ScanRequest scan;
  scan.table_name = config.rank_counts_table;
  scan.consistent_read = true;
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, db.Scan(scan));
    for (const protocol::Item& item : page.items) {
      auto key = item.find(function::kRankCountsNodeAttribute);
      if (key == item.end() || !key->second.is(protocol::AttrType::B)) continue;
      Result<function::NodeCounts> counts = function::DecodeCountNode(item);
      // An unreadable node counts as all zeros: the repair's ADD then fails and says why.
      nodes[key->second.b()] = counts.ok() ? *counts : function::NodeCounts{};
    }
    if (!page.last_evaluated_key.has_value()) return nodes;
    scan.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

// A board key for a terminal line: control bytes (the window separator U+001F among them)
// as \xNN, at most kQuoteBytes.
std::string Printable(std::string_view board_key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : QuotePrefix(board_key)) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

protocol::ApiResult<CountsReport> ReconcileCounts(dynamo::DynamoDbClient& db,
                                                  const function::BoardConfig& config,
                                                  const std::optional<std::string>& game,
                                                  bool repair) {
  CountsReport report;
  const size_t depth = config.rank_count_depth;
  if (depth == 0) return report;
  auto in_scope = [&](std::string_view board_key) {
    return !game.has_value() || GameAndWindow(config, board_key).first == *game;
  };
  SB_ASSIGN_OR_RETURN(NodeMap before, ReadCounts(db, config));
  SB_ASSIGN_OR_RETURN(std::vector<RanksRow> ranks, ReadRanks(db, config, std::nullopt));
  NodeMap want;
  for (const RanksRow& r : ranks) {
    if (!r.problem.empty() || !r.live || !in_scope(r.board)) continue;
    const std::string ck = leaderboard::CountKey(r.rank_key, depth);
    for (size_t d = 0; d < depth; ++d) {
      ++want[leaderboard::CountNode(r.board, std::string_view(ck).substr(0, d))]
            [static_cast<unsigned char>(ck[d])];
    }
  }
  NodeMap after;
  if (repair) {
    SB_ASSIGN_OR_RETURN(after, ReadCounts(db, config));
  }
  std::set<std::string> nodes;
  for (const auto& [node, c] : before) {
    if (in_scope(BoardKeyOfNode(node))) nodes.insert(node);
  }
  for (const auto& [node, c] : want) nodes.insert(node);
  const function::NodeCounts zero{};
  for (const std::string& node : nodes) {
    ++report.nodes;
    auto b = before.find(node);
    auto w = want.find(node);
    const function::NodeCounts& have = b == before.end() ? zero : b->second;
    const function::NodeCounts& should = w == want.end() ? zero : w->second;
    if (have == should) continue;
    ++report.wrong;
    const std::string board_key = BoardKeyOfNode(node);
    std::string diff;
    dynamo::UpdateItemRequest update;
    update.table_name = config.rank_counts_table;
    update.key = function::CountNodeKey(node);
    int n = 0;
    for (int c = 0; c < 256; ++c) {
      const int64_t delta = should[static_cast<size_t>(c)] - have[static_cast<size_t>(c)];
      if (delta == 0) continue;
      if (diff.size() < 120) {
        diff += " " + function::CountAttribute(c) + " " + std::to_string(have[c]) + "->" +
                std::to_string(should[c]);
      }
      const std::string i = std::to_string(n++);
      update.update_expression +=
          (update.update_expression.empty() ? "ADD #c" : ", #c") + i + " :c" + i;
      update.attributes.names.emplace("#c" + i, function::CountAttribute(c));
      update.attributes.values.emplace(":c" + i,
                                       AttributeValue::N(protocol::Number::FromInt(delta)));
    }
    if (report.problems.size() < 50) {
      report.problems.push_back(
          config.rank_counts_table + ": board " + Printable(board_key) + " node " +
          Hex(std::string_view(node).substr(2 + board_key.size())) + " (level " +
          std::to_string(node.size() - 2 - board_key.size()) + "):" + diff);
    }
    if (!repair) continue;
    auto a = after.find(node);
    const function::NodeCounts& now = a == after.end() ? zero : a->second;
    if (now != have) {
      ++report.busy;
      continue;
    }
    const std::string label = GameAndWindow(config, board_key).second;
    if (!label.empty()) {
      if (Result<leaderboard::Window> w = leaderboard::ParseWindowLabel(label); w.ok()) {
        update.update_expression += " SET #x = :x";
        update.attributes.names.emplace("#x", std::string(function::kRankCountsExpiresAtAttribute));
        update.attributes.values.emplace(
            ":x",
            AttributeValue::N(protocol::Number::FromInt(
                w->end_ms / 1000 + static_cast<int64_t>(config.window_retention_days) * 86400)));
      }
    }
    SB_ASSIGN_OR_RETURN(dynamo::UpdateItemResult done, db.UpdateItem(update));
    (void)done;
    ++report.fixed;
  }
  return report;
}

}  // namespace sb::cli
