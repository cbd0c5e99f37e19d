#include "engine/ops/capacity.h"

#include <boost/json.hpp>
#include <cmath>

#include "engine/model/keys.h"

namespace sb::engine::ops {

namespace json = boost::json;

protocol::ApiResult<CapacityMode> ReadCapacityMode(const json::object& request, Violations& v) {
  SB_ASSIGN_OR_RETURN(auto mode,
                      OptEnum(request, "ReturnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"}, v));
  if (!mode || *mode == "NONE") return CapacityMode::kNone;
  if (*mode == "TOTAL") return CapacityMode::kTotal;
  if (*mode == "INDEXES") return CapacityMode::kIndexes;
  return CapacityMode::kNone;  // invalid: reported through `v`
}

double ReadUnits(size_t item_bytes, bool consistent) {
  double units = std::max<double>(1, std::ceil(static_cast<double>(item_bytes) / 4096.0));
  return consistent ? units : units / 2;
}

double WriteUnits(size_t item_bytes) {
  return std::max<double>(1, std::ceil(static_cast<double>(item_bytes) / 1024.0));
}

void Capacity::AddIndex(const IndexDef& index, double units) {
  (index.global ? gsi_units_ : lsi_units_)[index.name] += units;
}

void Capacity::AddWrite(const TableDef& table, const std::optional<protocol::Item>& old_item,
                        const std::optional<protocol::Item>& new_item) {
  size_t old_size = old_item ? protocol::ItemSizeBytes(*old_item) : 0;
  size_t new_size = new_item ? protocol::ItemSizeBytes(*new_item) : 0;
  AddTable(WriteUnits(std::max(old_size, new_size)));
  for (const IndexDef* index : table.AllIndexes()) {
    std::optional<KeyValues> old_key, new_key;
    if (old_item) old_key = KeyUnder(index->key, *old_item);
    if (new_item) new_key = KeyUnder(index->key, *new_item);
    if (!old_key && !new_key) continue;
    auto projected_size = [&](const protocol::Item& item) {
      return protocol::ItemSizeBytes(ProjectForIndex(table, *index, item));
    };
    double units = 0;
    if (old_key && new_key && *old_key == *new_key) {
      units = WriteUnits(std::max(projected_size(*old_item), projected_size(*new_item)));
    } else {
      if (old_key) units += WriteUnits(projected_size(*old_item));
      if (new_key) units += WriteUnits(projected_size(*new_item));
    }
    AddIndex(*index, units);
  }
}

double Capacity::total() const {
  double t = table_units_;
  for (const auto& [n, u] : gsi_units_) t += u;
  for (const auto& [n, u] : lsi_units_) t += u;
  return t;
}

json::object Capacity::ToJson(CapacityMode mode) const {
  json::object o;
  o["TableName"] = table_;
  o["CapacityUnits"] = total();
  if (mode == CapacityMode::kIndexes) {
    o["Table"] = json::object{{"CapacityUnits", table_units_}};
    auto indexes = [](const std::map<std::string, double>& m) {
      json::object out;
      for (const auto& [name, units] : m) out[name] = json::object{{"CapacityUnits", units}};
      return out;
    };
    if (!gsi_units_.empty()) o["GlobalSecondaryIndexes"] = indexes(gsi_units_);
    if (!lsi_units_.empty()) o["LocalSecondaryIndexes"] = indexes(lsi_units_);
  }
  return o;
}

void AttachCapacity(json::object& response, const Capacity& c, CapacityMode mode) {
  if (mode != CapacityMode::kNone) response["ConsumedCapacity"] = c.ToJson(mode);
}

Capacity& CapacityList::For(const std::string& table) {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == table) return list_[i];
  }
  names_.push_back(table);
  return list_.emplace_back(table);
}

json::array CapacityList::ToJson(CapacityMode mode) const {
  json::array out;
  for (const Capacity& c : list_) out.push_back(c.ToJson(mode));
  return out;
}

void CapacityList::Attach(json::object& response, CapacityMode mode) const {
  if (mode != CapacityMode::kNone) response["ConsumedCapacity"] = ToJson(mode);
}

}  // namespace sb::engine::ops
