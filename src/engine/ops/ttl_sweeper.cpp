#include "engine/ops/ttl_sweeper.h"

#include <vector>

#include "engine/model/keys.h"

namespace sb::engine::ops {

using protocol::ApiError;
using protocol::Item;

namespace {

constexpr int64_t kFiveYearsSeconds = 5LL * 365 * 24 * 3600;

bool Expired(const TableDef& table, const Item& item, int64_t now) {
  auto it = item.find(table.ttl.attribute);
  if (it == item.end() || !it->second.is(protocol::AttrType::N)) return false;
  double at = it->second.n().ToDouble();
  return at <= static_cast<double>(now) && at >= static_cast<double>(now - kFiveYearsSeconds);
}

}  // namespace

protocol::ApiResult<int64_t> SweepExpiredItems(Context& ctx, int64_t now, int64_t max_items) {
  int64_t deleted = 0;
  for (const auto& table : ctx.store->ListTables()) {
    if (!table->ttl.enabled || deleted >= max_items) continue;
    std::vector<KeyValues> expired;
    Status st = ctx.store->Read([&](storage::ReadView& view) -> Status {
      storage::ReadSpec spec;
      spec.table = table.get();
      return view.ForEach(spec, [&](const storage::RowView& row) {
        auto item = row.Decode();
        if (item.ok() && Expired(*table, item.value(), now)) {
          if (auto k = KeyUnder(table->key, item.value())) expired.push_back(std::move(*k));
        }
        return deleted + static_cast<int64_t>(expired.size()) < max_items;
      });
    });
    if (!st.ok()) return ApiError::Internal("storage: " + st.error().message);
    for (const auto& key : expired) {
      auto r = ctx.store->Write([&](storage::WriteTxn& txn) -> Result<bool> {
        auto def = txn.FindTable(table->name);
        if (!def || !def->ttl.enabled) return false;
        SB_ASSIGN_OR_RETURN(auto old, txn.Get(*def, storage::EncodeKey(key)));
        if (!old || !Expired(*def, *old, now)) return false;
        SB_TRY_STATUS(txn.Delete(*def, *old, storage::ChangeCause::kTimeToLive));
        return true;
      });
      if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
      if (r.value()) ++deleted;
    }
  }
  return deleted;
}

}  // namespace sb::engine::ops
