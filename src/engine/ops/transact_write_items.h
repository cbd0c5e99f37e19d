// TransactWriteItems: up to 100 ConditionCheck / Put / Update / Delete actions, all or nothing.
//
// DynamoDB rules copied here (pinned by tests/unit/engine/ops/transact_write_items_test.cpp
// and tests/clients/python/test_transactions.py):
//   - Validation order: member constraints first, in one "N validation errors detected"
//     message (ClientRequestToken length 1..36, the enums, TransactItems 1..100, each action's
//     required members); then every action's expressions and items, in request order; then
//     tables (ResourceNotFoundException), keys and duplicates ("Transaction request cannot
//     include multiple operations on one item"). An action holds exactly one operation
//     ("TransactItems can only contain one of Check, Put, Update or Delete").
//   - Key values that are empty or too long are top-level ValidationExceptions; a key of the
//     wrong type or shape cancels the transaction with a ValidationError reason (PutItem's
//     wording for a Put, "The provided key element does not match the schema" otherwise), as
//     do runtime update errors, an item over 400 KB and bad index keys.
//   - All conditions are evaluated and all writes applied in ONE storage transaction. If any
//     condition fails (or any action hits a ValidationError), nothing is written and the
//     result is TransactionCanceledException, message "Transaction cancelled, please refer
//     cancellation reasons for specific reasons [<code>, ...]" and CancellationReasons in
//     request order: {"Code":"None"}, {"Code":"ConditionalCheckFailed","Message":..,["Item":..]}
//     (Item with ReturnValuesOnConditionCheckFailure=ALL_OLD), {"Code":"ValidationError",..}.
//   - The aggregate size of the items (Put items, the keys of the other actions) is at most
//     4 MB.
//   - ClientRequestToken: a successful transaction records its token in the same storage
//     transaction. Within 10 minutes, the same token with the same TransactItems succeeds
//     again without applying anything; with other TransactItems it is
//     IdempotentParameterMismatchException. A failed transaction records nothing.
//   - ConsumedCapacity: one entry per table; transactional writes cost twice a write (2 units
//     per KB), a ConditionCheck twice a consistent read. A replay reports the read units of
//     the items as they are now. ReturnItemCollectionMetrics is validated, no metrics returned.
// The token table ("transact_tokens") lives in the Store's database through the ReadView
// extension seam; it is created on first use. Thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// DynamoDB_20120810.TransactWriteItems: `request` is the decoded JSON body; returns the
// response. Uses ctx.clock for the idempotency window (the real clock when null).
OpResult TransactWriteItems(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
