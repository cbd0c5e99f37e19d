// The single-item write path shared by PutItem, UpdateItem, DeleteItem, BatchWriteItem and
// TransactWriteItems: a validated WriteRequest is applied inside a storage::WriteTxn as
// "read the old item, check the condition, compute the new item, write it and its index
// entries" — atomically with whatever else the transaction does. Also ReturnValues helpers.
//
// Usage (validate fully, then mutate):
//   SB_ASSIGN_OR_RETURN(WriteRequest w, ...);        // keys validated, expressions parsed
//   auto r = ctx.store->Write([&](storage::WriteTxn& txn) -> ApiResult<WriteOutcome> {
//     return ApplyWrite(txn, w);                      // several for a transaction
//   });
// Thread-safe (no shared state).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/model/table.h"
#include "engine/ops/capacity.h"
#include "engine/ops/context.h"
#include "engine/ops/request.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::ops {

struct WriteRequest {
  enum class Kind { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  std::string table_name;
  KeyValues key;                                     // validated against the table's schema
  protocol::Item item;                               // kPut: the whole new item (validated)
  std::shared_ptr<const expr::Update> update;        // kUpdate; null: no UpdateExpression
  std::shared_ptr<const expr::Condition> condition;  // null: unconditional
};

struct WriteOutcome {
  std::shared_ptr<const TableDef> table;  // the table as the transaction saw it
  std::optional<protocol::Item> old_item;
  std::optional<protocol::Item> new_item;  // the item after the write; nullopt if absent
  bool condition_failed = false;           // true: nothing was written
};

// Applies `w` in `txn`. A false condition is not an error: it sets condition_failed and
// writes nothing. Errors: ResourceNotFound (table dropped since validation), the update's
// runtime ValidationExceptions, the new item's size / index-key checks, storage failures
// (InternalServerError). On error the caller must fail the whole transaction.
protocol::ApiResult<WriteOutcome> ApplyWrite(storage::WriteTxn& txn, const WriteRequest& w);

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// The ReturnValues member. `allowed` lists the values this operation accepts; another value of
// the enum is "ReturnValues can only be ALL_OLD or NONE" style error, decided by the caller's
// `refusal` message.
protocol::ApiResult<ReturnValues> ReadReturnValues(const boost::json::object& request,
                                                   std::initializer_list<ReturnValues> allowed,
                                                   std::string_view refusal, Violations& v);

// The ReturnValuesOnConditionCheckFailure member: true for ALL_OLD.
protocol::ApiResult<bool> ReadReturnOldOnConditionFailure(const boost::json::object& request,
                                                          Violations& v);

// The Attributes to return for `rv` (nullopt: no Attributes member). `updated_names`: the
// top-level names an UpdateExpression touched (UPDATED_OLD / UPDATED_NEW).
std::optional<protocol::Item> SelectReturnValues(ReturnValues rv, const WriteOutcome& outcome,
                                                 const std::vector<std::string>& updated_names);

// DynamoDB's attribute-name rule (developer guide, "Naming rules"): a name is at least one
// character and under 64 KB; 65535 bytes is the longest accepted. Applies to the item's names
// and, recursively, to the keys of its maps (through lists too). Refusals:
//   "One or more parameter values were invalid: Empty attribute name"
//   "One or more parameter values were invalid: Attribute name exceeds the maximum length of
//    65535 bytes"
// ("Empty attribute name" is DynamoDB's own phrase for an empty ExpressionAttributeNames value;
// the rest of both messages is the engine's.) tests/clients/python/test_item_fidelity.py.
protocol::ApiStatus CheckAttributeNames(const protocol::Item& item);

// The same rule for one name (AttributesToGet names too).
protocol::ApiStatus CheckAttributeName(std::string_view name);

// ConditionalCheckFailedException, carrying "Item" (the old item) when asked for and present.
protocol::ApiError ConditionFailed(bool return_old, const std::optional<protocol::Item>& old);

// "ExpressionAttributeNames can only be specified when using expressions" (and Values) when
// the request has maps but `has_expressions` is false.
protocol::ApiStatus CheckMapsNeedExpressions(const ExpressionMaps& maps, bool has_expressions);

// Runs one write in its own transaction and shapes the response of PutItem / UpdateItem /
// DeleteItem: Attributes per `rv`, ConsumedCapacity per `mode`; a false condition becomes
// ConditionalCheckFailedException (with Item when `return_old_on_failure`).
OpResult RunSingleWrite(Context& ctx, const WriteRequest& w, ReturnValues rv,
                        bool return_old_on_failure, CapacityMode mode,
                        const std::vector<std::string>& updated_names);

}  // namespace sb::engine::ops
