// ReturnConsumedCapacity: DynamoDB's capacity-unit arithmetic and the ConsumedCapacity JSON.
//
// Units (DynamoDB "Capacity unit consumption"): a read costs ceil(size / 4 KB) units, at least
// 1, halved for an eventually consistent read; a write costs ceil(size / 1 KB) units, at least
// 1, where size is the larger of the old and new item. An index write costs the same rule on
// the projected item, twice when the index key changed (delete + put). Pure; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/table.h"
#include "engine/ops/request.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::ops {

enum class CapacityMode { kNone, kTotal, kIndexes };

// The ReturnConsumedCapacity member (INDEXES | TOTAL | NONE); adds a violation if invalid.
protocol::ApiResult<CapacityMode> ReadCapacityMode(const boost::json::object& request,
                                                   Violations& v);

double ReadUnits(size_t item_bytes, bool consistent);
double WriteUnits(size_t item_bytes);

// Accumulates the capacity one request consumed on one table.
class Capacity {
 public:
  explicit Capacity(std::string table_name) : table_(std::move(table_name)) {}
  void AddTable(double units) { table_units_ += units; }
  void AddIndex(const IndexDef& index, double units);
  // Adds the cost of replacing `old_item` by `new_item` (either may be absent) on the table
  // and on every index either item is in.
  void AddWrite(const TableDef& table, const std::optional<protocol::Item>& old_item,
                const std::optional<protocol::Item>& new_item);
  double total() const;
  // {"TableName":..,"CapacityUnits":..[,"Table":{..},"GlobalSecondaryIndexes":{..},
  //  "LocalSecondaryIndexes":{..}]}
  boost::json::object ToJson(CapacityMode mode) const;

 private:
  std::string table_;
  double table_units_ = 0;
  std::map<std::string, double> gsi_units_;
  std::map<std::string, double> lsi_units_;
};

// The per-table capacities of a request that spans tables (batch and transaction
// operations), tables in order of first appearance.
class CapacityList {
 public:
  // The table's entry, added on first use.
  Capacity& For(const std::string& table);
  // Sets response["ConsumedCapacity"] to the list unless mode is kNone.
  void Attach(boost::json::object& response, CapacityMode mode) const;
  boost::json::array ToJson(CapacityMode mode) const;

 private:
  std::vector<std::string> names_;
  std::vector<Capacity> list_;
};

// Sets response["ConsumedCapacity"] unless mode is kNone.
void AttachCapacity(boost::json::object& response, const Capacity& c, CapacityMode mode);

}  // namespace sb::engine::ops
