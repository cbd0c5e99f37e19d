// The idempotency tokens of TransactWriteItems (ClientRequestToken), kept in the store so a
// retried transaction is recognised across connections and restarts. Typed operations over
//   transact_tokens(token TEXT PRIMARY KEY, request TEXT, at_ms INTEGER)
// where request is the caller's fingerprint of the transaction that committed under the
// token (TransactWriteItems stores its serialized TransactItems) and at_ms when it did.
// Run inside the caller's transaction; thread-compatible like ReadView and WriteTxn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

// Forgets every token recorded at or before `expire_through_ms`, then returns the request
// recorded under `token`, if any. Errors: code "storage".
Result<std::optional<std::string>> LookupTransactToken(WriteTxn& txn, std::string_view token,
                                                       int64_t expire_through_ms);

// Records `request` under `token` at `at_ms`. REQUIRES: no live token of that name (look it
// up first in the same transaction). Errors: code "storage".
Status RecordTransactToken(WriteTxn& txn, std::string_view token, std::string_view request,
                           int64_t at_ms);

}  // namespace sb::engine::storage
