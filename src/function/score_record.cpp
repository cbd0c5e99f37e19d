#include "function/score_record.h"

#include "leaderboard/sequence.h"

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;

// The attribute as text when it is a usable identifier (non-empty S, or N), else nullopt.
std::optional<std::string> IdentifierText(const AttributeValue& v) {
  if (v.is(AttrType::S) && !v.s().empty()) return v.s();
  if (v.is(AttrType::N)) return v.n().ToString();
  return std::nullopt;
}

const AttributeValue* Lookup(const protocol::StreamRecord& r, const std::string& name,
                             bool keys_first) {
  if (keys_first) {
    if (auto it = r.keys.find(name); it != r.keys.end()) return &it->second;
  }
  if (r.new_image.has_value()) {
    if (auto it = r.new_image->find(name); it != r.new_image->end()) return &it->second;
  }
  return nullptr;
}

}  // namespace

ScoreRecord InterpretRecord(const protocol::StreamRecord& record, const FunctionConfig& config) {
  ScoreRecord out;
  const AttributeValue* player = Lookup(record, config.player_attribute, true);
  std::optional<std::string> player_id = player ? IdentifierText(*player) : std::nullopt;
  const AttributeValue* game = Lookup(record, config.game_attribute, true);
  std::optional<std::string> game_id = game ? IdentifierText(*game) : std::nullopt;
  out.game = game_id.value_or(config.default_game);
  out.player = player_id.value_or("");

  if (!player_id.has_value()) {
    out.reason = "no usable " + config.player_attribute + " (a non-empty S or an N) in the record";
    return out;
  }
  if (!leaderboard::IsValidSequenceNumber(record.sequence_number)) {
    out.reason = "sequence number is not 21 to 40 digits";
    return out;
  }
  const int64_t at_ms = record.approximate_creation_date_time * 1000;
  if (record.event_name == protocol::StreamEventName::kRemove) {
    out.kind = ScoreRecord::Kind::kRemoval;
    out.event =
        leaderboard::Event::MakeRemoval(out.game, out.player, at_ms, record.sequence_number);
    return out;
  }
  if (!record.new_image.has_value()) {
    out.reason = "no NewImage (the stream's view type must include new images)";
    return out;
  }
  auto scoreless = [&](std::string reason) {
    out.kind = ScoreRecord::Kind::kScoreless;
    out.reason = std::move(reason);
    out.event =
        leaderboard::Event::MakeRemoval(out.game, out.player, at_ms, record.sequence_number);
    return out;
  };
  auto score_it = record.new_image->find(config.score_attribute);
  if (score_it == record.new_image->end()) {
    return scoreless(config.score_attribute + " is missing");
  }
  if (!score_it->second.is(AttrType::N)) {
    return scoreless(config.score_attribute + " is of type " +
                     std::string(protocol::AttrTypeName(score_it->second.type())) + ", not N");
  }
  Result<leaderboard::Score> score = leaderboard::Score::Parse(score_it->second.n().ToString());
  if (!score.ok()) return scoreless(config.score_attribute + ": " + score.error().message);
  std::string name;
  if (auto it = record.new_image->find(config.name_attribute);
      it != record.new_image->end() && it->second.is(AttrType::S)) {
    name = it->second.s();
  }
  out.kind = ScoreRecord::Kind::kScore;
  out.score = score->ToString();
  out.event = leaderboard::Event::MakeScore(out.game, out.player, std::move(score).value(),
                                            std::move(name), at_ms, record.sequence_number);
  return out;
}

}  // namespace sb::function
