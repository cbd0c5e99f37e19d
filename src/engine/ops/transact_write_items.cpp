#include "engine/ops/transact_write_items.h"

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/clock.h"
#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/storage/store.h"
#include "engine/storage/transact_tokens.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::Item;

constexpr size_t kMaxActions = 100;
constexpr size_t kMaxTokenLength = 36;
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;
constexpr int64_t kTokenWindowMillis = 10 * 60 * 1000;  // DynamoDB: tokens live 10 minutes

// The four action kinds, their member names and the paths DynamoDB's messages use.
struct KindInfo {
  WriteRequest::Kind kind;
  std::string_view member;  // "ConditionCheck"
  std::string_view path;    // "conditionCheck"
};
constexpr KindInfo kKinds[] = {
    {WriteRequest::Kind::kConditionCheck, "ConditionCheck", "conditionCheck"},
    {WriteRequest::Kind::kPut, "Put", "put"},
    {WriteRequest::Kind::kDelete, "Delete", "delete"},
    {WriteRequest::Kind::kUpdate, "Update", "update"},
};

struct Action {
  const json::object* body = nullptr;  // the action's operation object
  const KindInfo* info = nullptr;
  WriteRequest w;
  Item raw;  // Put: the item; otherwise the Key argument
  bool return_old = false;
  std::vector<std::string> updated_names;
  std::shared_ptr<const TableDef> table;
  // A key of the wrong type or shape: the action's cancellation reason (ValidationError).
  std::optional<std::string> key_error;
};

struct Reason {
  std::string code = "None";
  std::string message;
  std::optional<Item> item;
};

ApiError Canceled(const std::vector<Reason>& reasons) {
  std::string codes;
  json::array list;
  for (const Reason& r : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += r.code;
    json::object o;
    o["Code"] = r.code;
    if (!r.message.empty()) o["Message"] = r.message;
    if (r.item) o["Item"] = protocol::EncodeItem(*r.item);
    list.push_back(std::move(o));
  }
  ApiError e = ApiError::Of(
      protocol::ErrorCode::kTransactionCanceled,
      "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes +
          "]");
  e.extra_json = "\"CancellationReasons\":" + json::serialize(list);
  return e;
}

ApiError ParameterMismatch() {
  return ApiError::Of(
      protocol::ErrorCode::kIdempotentParameterMismatch,
      "The request uses the same client token as a previous, but non-identical request. Do not "
      "reuse a client token with different requests, unless the requests are identical.");
}

// A key check error that DynamoDB reports up front (an empty value, a key over its size
// limit) rather than as a cancellation reason.
bool IsTopLevelKeyError(const ApiError& e) {
  return e.code() != protocol::ErrorCode::kValidation ||
         e.detail == protocol::ErrorDetail::kKeyValue;
}

// ---- the idempotency tokens (kept by engine/storage: transact_tokens.h) --------------------
// The fingerprint stored under a token is the serialized TransactItems of the transaction that
// committed under it.

ApiError TokenError(const Error& e) {
  return ApiError::Internal("storage: transact tokens: " + e.message);
}

// Drops expired tokens and returns the request stored under `token`, if any.
ApiResult<std::optional<std::string>> LookupToken(storage::WriteTxn& txn, const std::string& token,
                                                  int64_t now_ms) {
  auto prior = storage::LookupTransactToken(txn, token, now_ms - kTokenWindowMillis);
  if (!prior.ok()) return TokenError(prior.error());
  return std::move(prior).value();
}

ApiStatus RecordToken(storage::WriteTxn& txn, const std::string& token,
                      const std::string& fingerprint, int64_t now_ms) {
  Status st = storage::RecordTransactToken(txn, token, fingerprint, now_ms);
  if (!st.ok()) return TokenError(st.error());
  return {};
}

// ---- request parsing ----------------------------------------------------------------------

// Pass 1: the member constraints of one action (which operation, required members, enums).
ApiResult<Action> ParseMembers(const json::value& value, size_t index, Violations& v) {
  if (!value.is_object()) {
    return ApiError::Serialization(
        "Unexpected value type for TransactWriteItem: expected an object");
  }
  const json::object& o = value.get_object();
  Action a;
  int count = 0;
  for (const KindInfo& k : kKinds) {
    SB_ASSIGN_OR_RETURN(const json::object* body, OptObject(o, k.member));
    if (body != nullptr) {
      ++count;
      a.body = body;
      a.info = &k;
    }
  }
  if (count != 1) {
    return ApiError::Validation(
        "TransactItems can only contain one of Check, Put, Update or Delete");
  }
  const std::string path =
      "transactItems." + std::to_string(index + 1) + ".member." + std::string(a.info->path);
  const json::object& b = *a.body;
  a.w.kind = a.info->kind;
  SB_ASSIGN_OR_RETURN(auto name, OptString(b, "TableName"));
  CheckName(path + ".tableName", name, v);
  if (name) a.w.table_name = *name;
  const bool is_put = a.info->kind == WriteRequest::Kind::kPut;
  SB_ASSIGN_OR_RETURN(auto raw, OptItem(b, is_put ? "Item" : "Key"));
  if (!raw) {
    v.Add(path + (is_put ? ".item" : ".key"), std::nullopt, "Member must not be null");
  } else {
    a.raw = std::move(*raw);
  }
  if (a.info->kind == WriteRequest::Kind::kConditionCheck) {
    SB_ASSIGN_OR_RETURN(auto cond, OptString(b, "ConditionExpression"));
    if (!cond) v.Add(path + ".conditionExpression", std::nullopt, "Member must not be null");
  }
  if (a.info->kind == WriteRequest::Kind::kUpdate) {
    SB_ASSIGN_OR_RETURN(auto update, OptString(b, "UpdateExpression"));
    if (!update) v.Add(path + ".updateExpression", std::nullopt, "Member must not be null");
  }
  SB_ASSIGN_OR_RETURN(auto rv, OptString(b, "ReturnValuesOnConditionCheckFailure"));
  if (rv && *rv != "ALL_OLD" && *rv != "NONE") {
    v.Add(path + ".returnValuesOnConditionCheckFailure", *rv,
          "Member must satisfy enum value set: [ALL_OLD, NONE]");
  }
  a.return_old = rv && *rv == "ALL_OLD";
  return a;
}

// Pass 2: the action's expressions (and a Put's item size).
ApiStatus ParseExpressions(Action& a) {
  const json::object& b = *a.body;
  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(b));
  SB_ASSIGN_OR_RETURN(auto cond_text, OptString(b, "ConditionExpression"));
  std::optional<std::string> update_text;
  if (a.info->kind == WriteRequest::Kind::kUpdate) {
    SB_ASSIGN_OR_RETURN(update_text, OptString(b, "UpdateExpression"));
  }
  SB_TRY_STATUS(CheckMapsNeedExpressions(maps, cond_text || update_text));
  if (cond_text || update_text) {
    expr::Placeholders ph(maps.names_ptr(), maps.values_ptr());
    SB_TRY_STATUS(ph.Validate());
    if (update_text) {
      SB_ASSIGN_OR_RETURN(a.w.update, expr::ParseUpdate(*update_text, ph));
      a.updated_names = expr::UpdatedTopLevelNames(*a.w.update);
    }
    if (cond_text) {
      SB_ASSIGN_OR_RETURN(a.w.condition,
                          expr::ParseCondition(*cond_text, "ConditionExpression", ph));
    }
    SB_TRY_STATUS(ph.CheckAllUsed());
  }
  if (a.info->kind == WriteRequest::Kind::kPut) SB_TRY_STATUS(CheckItemSize(a.raw));
  return {};
}

// Pass 3: the table and the key. A wrong-typed or misshapen key becomes a cancellation reason.
ApiStatus ResolveKey(Context& ctx, Action& a) {
  SB_ASSIGN_OR_RETURN(a.table, LookupTable(ctx, a.w.table_name));
  const bool is_put = a.info->kind == WriteRequest::Kind::kPut;
  ApiResult<KeyValues> key = is_put ? ItemKey(*a.table, a.raw) : KeyArgument(*a.table, a.raw);
  if (!key.ok()) {
    if (IsTopLevelKeyError(key.error())) return Fail(key.error());
    a.key_error = key.error().message;
    return {};
  }
  a.w.key = std::move(key).value();
  for (const std::string& n : a.updated_names) {
    if (a.table->key.IsKey(n)) {
      return expr::KeyUpdateError(n);
    }
  }
  if (is_put) a.w.item = a.raw;
  return {};
}

struct Committed {
  bool replayed = false;
  std::vector<WriteOutcome> outcomes;        // empty when replayed
  std::vector<std::optional<Item>> current;  // replayed: the items as they are now
};

// Pass 1: the request's members (ClientRequestToken, capacity and metrics modes, each action's
// members). Violations from every action are reported together.
struct TransactRequest {
  std::optional<std::string> token;
  CapacityMode mode = CapacityMode::kNone;
  const json::array* items = nullptr;
  std::vector<Action> actions;
};

ApiResult<TransactRequest> ReadRequest(const json::object& request) {
  TransactRequest r;
  Violations v;
  SB_ASSIGN_OR_RETURN(r.token, OptString(request, "ClientRequestToken"));
  if (r.token && r.token->empty()) {
    v.Add("clientRequestToken", *r.token, "Member must have length greater than or equal to 1");
  }
  if (r.token && r.token->size() > kMaxTokenLength) {
    v.Add("clientRequestToken", *r.token, "Member must have length less than or equal to 36");
  }
  SB_ASSIGN_OR_RETURN(r.mode, ReadCapacityMode(request, v));
  SB_ASSIGN_OR_RETURN(auto metrics,
                      OptEnum(request, "ReturnItemCollectionMetrics", {"SIZE", "NONE"}, v));
  (void)metrics;  // accepted; see the header
  SB_ASSIGN_OR_RETURN(r.items, OptArray(request, "TransactItems"));
  if (r.items == nullptr) {
    v.Add("transactItems", std::nullopt, "Member must not be null");
  } else if (r.items->empty()) {
    v.Add("transactItems", "[]", "Member must have length greater than or equal to 1");
  } else if (r.items->size() > kMaxActions) {
    // DynamoDB echoes the list ("Value '[...]' at 'transactItems'"); the echo is cut to a short
    // prefix like every quoted input (docs/engine.md).
    v.Add("transactItems", json::serialize(*r.items),
          "Member must have length less than or equal to 100");
    return v.ToStatus().error();
  }
  for (size_t i = 0; r.items != nullptr && i < r.items->size(); ++i) {
    SB_ASSIGN_OR_RETURN(Action a, ParseMembers((*r.items)[i], i, v));
    r.actions.push_back(std::move(a));
  }
  SB_TRY_STATUS(v.ToStatus());
  return r;
}

// Pass 3: tables, keys, duplicates, the 4 MB limit.
ApiStatus ResolveActions(Context& ctx, std::vector<Action>& actions) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  size_t total_bytes = 0;
  for (Action& a : actions) {
    SB_TRY_STATUS(ResolveKey(ctx, a));
    total_bytes += protocol::ItemSizeBytes(a.raw);
    if (a.key_error) continue;
    storage::EncodedKey e = storage::EncodeKey(a.w.key);
    if (!seen.emplace(a.w.table_name, std::move(e.hash), std::move(e.range)).second) {
      return ApiError::Validation(
          "Transaction request cannot include multiple operations on one item");
    }
  }
  if (total_bytes > kMaxTransactionBytes) {
    // DynamoDB's words, doubled as it sends them (an AWS reply quoted in client tests).
    const std::string once =
        "Transaction payload size cannot exceed 4MB. Payload Size: " + std::to_string(total_bytes);
    return ApiError::Validation("Transaction payload size cannot exceed 4MB. Payload Size: : " +
                                once);
  }
  return {};
}

// A retry of a committed transaction: succeeds without applying anything again, answering
// from the items as they are now.
ApiResult<Committed> Replay(storage::WriteTxn& txn, const std::vector<Action>& actions) {
  Committed c;
  c.replayed = true;
  for (const Action& a : actions) {
    if (a.key_error) {  // the table changed since: the key no longer fits it
      c.current.emplace_back();
      continue;
    }
    auto item = txn.Get(*a.table, storage::EncodeKey(a.w.key));
    if (!item.ok()) return ApiError::Internal("storage: " + item.error().message);
    c.current.push_back(std::move(item).value());
  }
  return c;
}

// Applies every action in `txn`; any failed condition or action error cancels the whole
// transaction with one reason per action (returning an error rolls back what was written).
ApiResult<Committed> ApplyAll(storage::WriteTxn& txn, const std::vector<Action>& actions) {
  Committed c;
  std::vector<Reason> reasons(actions.size());
  bool canceled = false;
  for (size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    if (a.key_error) {
      reasons[i] = Reason{"ValidationError", *a.key_error, std::nullopt};
      canceled = true;
      c.outcomes.emplace_back();
      continue;
    }
    ApiResult<WriteOutcome> r = ApplyWrite(txn, a.w);
    if (!r.ok()) {
      // Runtime update errors, item size and index-key checks: the action's reason. Nothing
      // of this action was written (ApplyWrite checks before it writes).
      if (r.error().code() != protocol::ErrorCode::kValidation) return Fail(r.error());
      reasons[i] = Reason{"ValidationError", r.error().message, std::nullopt};
      canceled = true;
      c.outcomes.emplace_back();
      continue;
    }
    if (r->condition_failed) {
      reasons[i] = Reason{"ConditionalCheckFailed", "The conditional request failed",
                          a.return_old ? r->old_item : std::optional<Item>()};
      canceled = true;
    }
    c.outcomes.push_back(std::move(r).value());
  }
  if (canceled) return Canceled(reasons);
  return c;
}

// What the transaction consumed, per table. Transactional operations cost twice their plain
// counterparts; a replay costs one strongly consistent read of each item.
CapacityList Consumed(const std::vector<Action>& actions, const Committed& committed) {
  CapacityList caps;
  for (size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    Capacity& cap = caps.For(a.w.table_name);
    if (committed.replayed) {
      const auto& item = committed.current[i];
      cap.AddTable(ReadUnits(item ? protocol::ItemSizeBytes(*item) : 0, /*consistent=*/true));
      continue;
    }
    const WriteOutcome& o = committed.outcomes[i];
    switch (a.w.kind) {
      case WriteRequest::Kind::kConditionCheck:
        cap.AddTable(2 * ReadUnits(o.old_item ? protocol::ItemSizeBytes(*o.old_item) : 0,
                                   /*consistent=*/true));
        break;
      case WriteRequest::Kind::kDelete:
        if (!o.old_item) {
          cap.AddTable(2);
          break;
        }
        [[fallthrough]];
      case WriteRequest::Kind::kPut:
      case WriteRequest::Kind::kUpdate: {
        const std::optional<Item> now =
            a.w.kind == WriteRequest::Kind::kDelete ? std::nullopt : o.new_item;
        cap.AddWrite(*o.table, o.old_item, now);
        cap.AddWrite(*o.table, o.old_item, now);
        break;
      }
    }
  }
  return caps;
}

}  // namespace

OpResult TransactWriteItems(Context& ctx, const json::object& request) {
  SB_ASSIGN_OR_RETURN(TransactRequest r, ReadRequest(request));
  // Pass 2: expressions and items, in request order.
  for (Action& a : r.actions) SB_TRY_STATUS(ParseExpressions(a));
  SB_TRY_STATUS(ResolveActions(ctx, r.actions));

  // Evaluate every condition and apply every write in one transaction.
  const Clock& clock = ctx.clock != nullptr ? *ctx.clock : RealClock::Instance();
  const int64_t now_ms = clock.NowUnixMillis();
  const std::string fingerprint = r.token ? json::serialize(*r.items) : std::string();
  auto committed = ctx.store->Write([&](storage::WriteTxn& txn) -> ApiResult<Committed> {
    if (r.token) {
      SB_ASSIGN_OR_RETURN(std::optional<std::string> prior, LookupToken(txn, *r.token, now_ms));
      if (prior && *prior != fingerprint) return ParameterMismatch();
      if (prior) return Replay(txn, r.actions);
    }
    SB_ASSIGN_OR_RETURN(Committed c, ApplyAll(txn, r.actions));
    if (r.token) SB_TRY_STATUS(RecordToken(txn, *r.token, fingerprint, now_ms));
    return c;
  });
  if (!committed.ok()) return Fail(committed.error());

  json::object resp;
  if (r.mode != CapacityMode::kNone) Consumed(r.actions, *committed).Attach(resp, r.mode);
  return resp;
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "TransactWriteItems", &TransactWriteItems,
                                   OpEffect::kWrite};
}  // namespace

}  // namespace sb::engine::ops
