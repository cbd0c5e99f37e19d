// ReadView: point reads, ordered row reads and counters of the item tables.
#include <string>
#include <vector>

#include "engine/storage/connection.h"
#include "engine/storage/item_codec.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

using protocol::Item;

Result<std::optional<Item>> ReadView::Get(const TableDef& table, const EncodedKey& key) {
  SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare("SELECT item FROM items WHERE tid=?1 AND part=?2 "
                                             "AND hk=?3 AND rk=?4"));
  s.Bind(1, table.id).Bind(2, PartitionHash(key.hash));
  s.BindBlob(3, key.hash).BindBlob(4, key.range);
  SB_ASSIGN_OR_RETURN(bool row, s.Step("get item"));
  if (!row) return std::optional<Item>();
  SB_ASSIGN_OR_RETURN(Item item, DecodeItem(s.Blob(0)));
  return std::optional<Item>(std::move(item));
}

Result<TableStats> ReadView::Stats(const TableDef& table) {
  SB_ASSIGN_OR_RETURN(Stmt s,
                      conn_->Prepare("SELECT item_count, size_bytes FROM catalog WHERE id=?1"));
  s.Bind(1, table.id);
  SB_ASSIGN_OR_RETURN(bool row, s.Step("table stats"));
  if (!row) return TableStats{};
  return TableStats{s.Int(0), s.Int(1)};
}

Result<TableStats> ReadView::IndexStats(const IndexDef& index) {
  SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare("SELECT count(*), coalesce(sum(length(item)), 0) "
                                             "FROM index_items WHERE iid=?1"));
  s.Bind(1, index.id);
  SB_ASSIGN_OR_RETURN(bool row, s.Step("index stats"));
  if (!row) return MakeError("storage", "index stats: no row");
  return TableStats{s.Int(0), s.Int(1)};
}

Status ReadView::ForEach(const ReadSpec& spec, const std::function<bool(const RowView&)>& fn) {
  const bool is_index = spec.index != nullptr;
  // Build the SQL (cached per distinct text) and its bindings together.
  struct BindValue {
    bool is_int;
    int64_t i;
    std::string_view b;
  };
  std::vector<BindValue> binds;
  auto arg = [&](BindValue v) {
    binds.push_back(v);
    return "?" + std::to_string(binds.size());
  };
  auto blob = [&](std::string_view b) { return arg({false, 0, b}); };
  auto integer = [&](int64_t i) { return arg({true, i, {}}); };

  std::string sql = is_index ? "SELECT part, hk, rk, bhk, brk, item FROM index_items WHERE iid="
                             : "SELECT part, hk, rk, item FROM items WHERE tid=";
  sql += integer(is_index ? spec.index->id : spec.table->id);
  if (spec.hash) {
    sql += " AND part=" + integer(PartitionHash(*spec.hash));
    sql += " AND hk=" + blob(*spec.hash);
    if (spec.range.lower) {
      sql += spec.range.lower->inclusive ? " AND rk>=" : " AND rk>";
      sql += blob(spec.range.lower->bytes);
    }
    if (spec.range.upper) {
      sql += spec.range.upper->inclusive ? " AND rk<=" : " AND rk<";
      sql += blob(spec.range.upper->bytes);
    }
  } else if (spec.part_lo != 0 || spec.part_hi != UINT32_MAX) {
    sql += " AND part BETWEEN " + integer(spec.part_lo) + " AND " + integer(spec.part_hi);
  }
  const char* cmp = spec.forward ? ">" : "<";
  std::string cols = is_index ? "(part, hk, rk, bhk, brk)" : "(part, hk, rk)";
  if (spec.start_after) {
    const Position& p = *spec.start_after;
    std::string vals = "(" + integer(PartitionHash(p.key.hash)) + ", " + blob(p.key.hash) +
                       ", " + blob(p.key.range);
    if (is_index) vals += ", " + blob(p.base.hash) + ", " + blob(p.base.range);
    vals += ")";
    sql += " AND " + cols + " " + cmp + " " + vals;
  }
  const char* dir = spec.forward ? "" : " DESC";
  sql += std::string(" ORDER BY part") + dir + ", hk" + dir + ", rk" + dir;
  if (is_index) sql += std::string(", bhk") + dir + ", brk" + dir;

  SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare(sql));
  for (size_t i = 0; i < binds.size(); ++i) {
    if (binds[i].is_int) {
      s.Bind(static_cast<int>(i + 1), binds[i].i);
    } else {
      s.BindBlob(static_cast<int>(i + 1), binds[i].b);
    }
  }
  RowView row;
  for (;;) {
    SB_ASSIGN_OR_RETURN(bool more, s.Step("read rows"));
    if (!more) return {};
    row.key.hash.assign(s.Blob(1));
    row.key.range.assign(s.Blob(2));
    if (is_index) {
      row.base.hash.assign(s.Blob(3));
      row.base.range.assign(s.Blob(4));
      row.item_bytes = s.Blob(5);
    } else {
      row.item_bytes = s.Blob(3);
    }
    if (!fn(row)) return {};
  }
}

}  // namespace sb::engine::storage
