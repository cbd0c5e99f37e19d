#include "function/score_record.h"

#include "function/iso8601.h"
#include "leaderboard/sequence.h"
#include "leaderboard/window.h"

namespace sb::function {
namespace {

using protocol::AttributeRef;
using protocol::AttrType;

// The attribute as text when it is a usable identifier (non-empty S, or N), else nullopt.
std::optional<std::string> IdentifierText(const std::optional<AttributeRef>& v) {
  if (!v) return std::nullopt;
  if (v->type == AttrType::S && !v->s.empty()) return std::string(v->s);
  if (v->type == AttrType::N) return v->n.ToString();
  return std::nullopt;
}

// Keys first, else NewImage.
std::optional<AttributeRef> Lookup(const protocol::StreamRecordView& r, std::string_view name) {
  if (auto key = r.Key(name)) return key;
  return r.NewImageAttribute(name);
}

}  // namespace

ScoreRecord InterpretRecord(const protocol::StreamRecordView& record, const BoardConfig& config) {
  ScoreRecord out;
  std::optional<std::string> player_id = IdentifierText(Lookup(record, config.player_attribute));
  std::optional<std::string> game_id = IdentifierText(Lookup(record, config.game_attribute));
  out.game = game_id ? std::move(*game_id) : config.default_game;
  if (player_id) out.player = std::move(*player_id);

  if (!player_id.has_value()) {
    out.reason = "no usable " + config.player_attribute + " (a non-empty S or an N) in the record";
    return out;
  }
  if (out.game.find(leaderboard::kWindowSeparator) != std::string::npos) {
    out.reason = "game id contains U+001F (reserved: it separates a game from its window)";
    return out;
  }
  const std::string_view seq = record.sequence_number();
  if (!leaderboard::IsValidSequenceNumber(seq)) {
    out.reason = "sequence number is not 21 to 40 digits";
    return out;
  }
  const int64_t at_ms = record.approximate_creation_date_time() * 1000;
  auto removal = [&] {
    return leaderboard::Event::MakeRemoval(out.game, out.player, at_ms, std::string(seq));
  };
  if (record.event_name() == protocol::StreamEventName::kRemove) {
    out.kind = ScoreRecord::Kind::kRemoval;
    out.event = removal();
    return out;
  }
  if (!record.has_new_image()) {
    out.reason = "no NewImage (the stream's view type must include new images)";
    return out;
  }
  auto scoreless = [&](std::string reason) {
    out.kind = ScoreRecord::Kind::kScoreless;
    out.reason = std::move(reason);
    out.event = removal();
    return out;
  };
  std::optional<AttributeRef> score_attr = record.NewImageAttribute(config.score_attribute);
  if (!score_attr) return scoreless(config.score_attribute + " is missing");
  if (score_attr->type != AttrType::N) {
    return scoreless(config.score_attribute + " is of type " +
                     std::string(protocol::AttrTypeName(score_attr->type)) + ", not N");
  }
  Result<leaderboard::Score> score = leaderboard::Score::Parse(score_attr->n.ToString());
  if (!score.ok()) return scoreless(config.score_attribute + ": " + score.error().message);
  std::string name;
  if (auto n = record.NewImageAttribute(config.name_attribute); n && n->type == AttrType::S) {
    name = n->s;
  }
  int64_t score_at_ms = at_ms;
  if (auto u = record.NewImageAttribute(config.updated_at_attribute); u && u->type == AttrType::S) {
    if (std::optional<int64_t> ms = ParseIso8601Millis(u->s); ms.has_value()) score_at_ms = *ms;
  }
  out.kind = ScoreRecord::Kind::kScore;
  out.score = score->ToString();
  out.event = leaderboard::Event::MakeScore(out.game, out.player, std::move(score).value(),
                                            std::move(name), score_at_ms, std::string(seq));
  return out;
}

ScoreRecord InterpretRecord(const protocol::StreamRecord& record, const BoardConfig& config) {
  return InterpretRecord(protocol::StreamRecordView(record), config);
}

}  // namespace sb::function
