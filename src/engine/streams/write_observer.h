// WriteObserver: turns each item change made in a write transaction into its stream record,
// and each StreamSpecification change into a new or disabled stream, inside that same
// transaction (so a change and its record commit or roll back together). What Streams does
// as the store's storage::ChangeObserver. Thread-compatible: runs under the store's write lock.
#pragma once

#include <optional>

#include "base/result.h"
#include "engine/model/table.h"
#include "engine/storage/store.h"
#include "engine/streams/options.h"
#include "engine/streams/record_store.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::streams {

class WriteObserver {
 public:
  WriteObserver(const StreamsOptions& options, RecordStore& records)
      : options_(options), records_(records) {}

  // Appends the record of an item change to the table's enabled stream; nothing for a table
  // without a stream or a change that changes nothing. Returns whether it appended one.
  Result<bool> OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                      const std::optional<protocol::Item>& old,
                      const std::optional<protocol::Item>& now, storage::ChangeCause cause,
                      int64_t now_ms);
  // Creates a stream when one is enabled, disables it when it is disabled or the table goes.
  Status OnTableChange(storage::WriteTxn& txn, const TableDef* before, const TableDef* after,
                       int64_t now_ms);

 private:
  const StreamsOptions& options_;
  RecordStore& records_;
};

}  // namespace sb::engine::streams
