#include "cli/simulated_write.h"

#include <string>

#include "base/clock.h"

namespace sb::cli {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

protocol::Item ItemKey(const function::BoardConfig& c, const Key& key) {
  return {{c.player_attribute, AttributeValue::S(key.player)},
          {c.game_attribute, AttributeValue::S(key.game)}};
}

protocol::Item ScoreItem(const function::BoardConfig& c, const Key& key, const Number& score) {
  protocol::Item item = ItemKey(c, key);
  item[c.score_attribute] = AttributeValue::N(score);
  item[c.name_attribute] = AttributeValue::S("Player " + key.player);
  item[c.updated_at_attribute] =
      AttributeValue::S(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()));
  return item;
}

std::optional<Number> ScoreOf(const function::BoardConfig& c,
                              const std::optional<protocol::Item>& item) {
  if (!item.has_value()) return std::nullopt;
  auto it = item->find(c.score_attribute);
  if (it == item->end() || !it->second.is(AttrType::N)) return std::nullopt;
  return it->second.n();
}

Result<std::optional<Number>> DoWrite(DynamoSession& session, SimOp op, const Key& key,
                                      const std::optional<Number>& before, Random& random) {
  const function::BoardConfig& c = session.options().board;
  const std::string& table = c.scores_table;
  auto fail = [&](const protocol::ApiError& e) {
    return MakeError("write", std::string(SimOpName(op)) + " " + key.player + "/" + key.game +
                                  ": " + DescribeApiError(e, table, session.endpoint()));
  };
  switch (op) {
    case SimOp::kSet: {
      const Number score = Number::FromInt(static_cast<int64_t>(random.Uniform(1'000'000)));
      dynamo::PutItemRequest put;
      put.table_name = table;
      put.item = ScoreItem(c, key, score);
      auto r = session.db().PutItem(put);
      if (!r.ok()) return fail(r.error());
      return std::optional<Number>(score);
    }
    case SimOp::kIncr:
    case SimOp::kDecrease: {
      int64_t d = 1 + static_cast<int64_t>(random.Uniform(10'000));
      if (op == SimOp::kDecrease) d = -d;
      dynamo::UpdateItemRequest update;
      update.table_name = table;
      update.key = ItemKey(c, key);
      update.update_expression = "SET #u = :u, #n = :n ADD #s :d";
      update.attributes.names = {
          {"#u", c.updated_at_attribute}, {"#n", c.name_attribute}, {"#s", c.score_attribute}};
      update.attributes.values = {
          {":u", AttributeValue::S(FormatIso8601Millis(RealClock::Instance().NowUnixMillis()))},
          {":n", AttributeValue::S("Player " + key.player)},
          {":d", AttributeValue::N(Number::FromInt(d))}};
      update.return_values = "UPDATED_NEW";
      auto r = session.db().UpdateItem(update);
      if (!r.ok()) return fail(r.error());
      const std::optional<Number> now = ScoreOf(c, r->attributes);
      if (!now.has_value()) {
        return MakeError("write", "ADD " + key.player + "/" + key.game + ": no Score returned");
      }
      Result<Number> expected = before.value_or(Number()).Add(Number::FromInt(d));
      if (expected.ok() && !(*expected == *now)) {
        return MakeError("lost-update", "lost update on " + key.player + "/" + key.game +
                                            ": expected " + expected->ToString() + ", got " +
                                            now->ToString());
      }
      return now;
    }
    case SimOp::kDelete: {
      dynamo::DeleteItemRequest del;
      del.table_name = table;
      del.key = ItemKey(c, key);
      auto r = session.db().DeleteItem(del);
      if (!r.ok()) return fail(r.error());
      return std::optional<Number>();
    }
  }
  return std::optional<Number>();
}

}  // namespace sb::cli
