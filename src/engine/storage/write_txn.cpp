// WriteTxn: item, index-entry and catalog writes inside one write transaction.
#include <string>
#include <vector>

#include "engine/storage/connection.h"
#include "engine/storage/item_codec.h"
#include "engine/storage/store.h"

namespace sb::engine::storage {

using protocol::Item;

namespace {

// An upsert, not INSERT OR REPLACE: REPLACE deletes the old row and inserts the new one (the
// page's cells are moved twice), where an upsert whose row keeps its size is overwritten in
// place; half the cost of an overwrite (docs/engine.md, "Performance").
constexpr const char* kPutItemSql =
    "INSERT INTO items(tid, part, hk, rk, item) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT DO UPDATE SET item=excluded.item";

}  // namespace

Status WriteTxn::Check() {
  if (store_->options_.faults != nullptr && store_->options_.faults->Tick()) {
    return MakeError("storage", "injected fault");
  }
  return {};
}

std::shared_ptr<const TableDef> WriteTxn::FindTable(std::string_view name) const {
  for (auto it = staged_->rbegin(); it != staged_->rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return store_->FindTable(name);
}

Status WriteTxn::AddCounters(int64_t table_id, int64_t count_delta, int64_t size_delta) {
  if (count_delta == 0 && size_delta == 0) return {};
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(Stmt s,
                      conn_->Prepare("UPDATE catalog SET item_count=item_count+?2, "
                                     "size_bytes=size_bytes+?3 WHERE id=?1"));
  s.Bind(1, table_id);
  s.Bind(2, count_delta);
  s.Bind(3, size_delta);
  SB_TRY_STATUS(s.Run("update counters"));
  return {};
}

Status WriteTxn::PutIndexEntries(const TableDef& table, const IndexDef& index, const Item& item,
                                 const EncodedKey& base) {
  auto key = EncodeItemKey(index.key, item);
  if (!key) return {};  // sparse index: the item lacks an index key attribute
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(Stmt s,
                      conn_->Prepare("INSERT INTO index_items(iid, part, hk, rk, bhk, brk, item) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                     "ON CONFLICT DO UPDATE SET item=excluded.item"));
  std::string bytes = EncodeItem(ProjectForIndex(table, index, item));
  s.Bind(1, index.id);
  s.Bind(2, PartitionHash(key->hash));
  s.BindBlob(3, key->hash);
  s.BindBlob(4, key->range);
  s.BindBlob(5, base.hash);
  s.BindBlob(6, base.range);
  s.BindBlob(7, bytes);
  SB_TRY_STATUS(s.Run("write index entry"));
  return {};
}

Status WriteTxn::DeleteIndexEntries(const IndexDef& index, const Item& item,
                                    const EncodedKey& base) {
  auto key = EncodeItemKey(index.key, item);
  if (!key) return {};
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(Stmt s,
                      conn_->Prepare("DELETE FROM index_items WHERE iid=?1 AND part=?2 AND "
                                     "hk=?3 AND rk=?4 AND bhk=?5 AND brk=?6"));
  s.Bind(1, index.id);
  s.Bind(2, PartitionHash(key->hash));
  s.BindBlob(3, key->hash);
  s.BindBlob(4, key->range);
  s.BindBlob(5, base.hash);
  s.BindBlob(6, base.range);
  SB_TRY_STATUS(s.Run("delete index entry"));
  return {};
}

Status WriteTxn::Put(const TableDef& table, const Item& item, const std::optional<Item>& old) {
  auto key = EncodeItemKey(table.key, item);
  if (!key) return MakeError("storage", "item lacks its table key");
  SB_TRY_STATUS(Check());
  {
    SB_ASSIGN_OR_RETURN(Stmt s,
                        conn_->Prepare(kPutItemSql));
    std::string bytes = EncodeItem(item);
    s.Bind(1, table.id);
    s.Bind(2, PartitionHash(key->hash));
    s.BindBlob(3, key->hash);
    s.BindBlob(4, key->range);
    s.BindBlob(5, bytes);
    SB_TRY_STATUS(s.Run("write item"));
    store_->NoteChanged(table.id, *key);
  }
  for (const IndexDef* index : table.AllIndexes()) {
    if (old) {
      auto old_key = EncodeItemKey(index->key, *old);
      auto new_key = EncodeItemKey(index->key, item);
      // The upsert covers an unchanged index key; only a moved key needs a delete.
      if (old_key && (!new_key || !(*old_key == *new_key))) {
        SB_TRY_STATUS(DeleteIndexEntries(*index, *old, *key));
      }
    }
    SB_TRY_STATUS(PutIndexEntries(table, *index, item, *key));
  }
  const int64_t new_size = static_cast<int64_t>(protocol::ItemSizeBytes(item));
  const int64_t old_size = old ? static_cast<int64_t>(protocol::ItemSizeBytes(*old)) : 0;
  SB_TRY_STATUS(AddCounters(table.id, old ? 0 : 1, new_size - old_size));
  if (store_->options_.observer == nullptr) return {};
  return store_->options_.observer->OnItemChange(*this, table, old, item, ChangeCause::kRequest);
}

Status WriteTxn::Delete(const TableDef& table, const Item& old, ChangeCause cause) {
  auto key = EncodeItemKey(table.key, old);
  if (!key) return MakeError("storage", "item lacks its table key");
  SB_TRY_STATUS(Check());
  {
    SB_ASSIGN_OR_RETURN(Stmt s,
                        conn_->Prepare("DELETE FROM items WHERE tid=?1 AND part=?2 AND hk=?3 "
                                       "AND rk=?4"));
    s.Bind(1, table.id);
    s.Bind(2, PartitionHash(key->hash));
    s.BindBlob(3, key->hash);
    s.BindBlob(4, key->range);
    SB_TRY_STATUS(s.Run("delete item"));
    if (conn_->Changes() == 0) return {};  // nothing stored: nothing to undo
    store_->NoteChanged(table.id, *key);
  }
  for (const IndexDef* index : table.AllIndexes()) {
    SB_TRY_STATUS(DeleteIndexEntries(*index, old, *key));
  }
  SB_TRY_STATUS(AddCounters(table.id, -1, -static_cast<int64_t>(protocol::ItemSizeBytes(old))));
  if (store_->options_.observer == nullptr) return {};
  return store_->options_.observer->OnItemChange(*this, table, old, std::nullopt, cause);
}

Result<std::shared_ptr<const TableDef>> WriteTxn::CreateTable(TableDef def) {
  def.id = store_->NextId();
  for (auto& i : def.gsis) i.id = store_->NextId();
  for (auto& i : def.lsis) i.id = store_->NextId();
  SB_TRY_STATUS(Check());
  SB_ASSIGN_OR_RETURN(Stmt s,
                      conn_->Prepare("INSERT INTO catalog(id, name, def) VALUES(?1, ?2, ?3)"));
  std::string text = EncodeTableDef(def);
  s.Bind(1, def.id);
  s.BindText(2, def.name);
  s.BindText(3, text);
  SB_TRY_STATUS(s.Run("create table"));
  auto published = std::make_shared<const TableDef>(std::move(def));
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, nullptr, published.get()));
  }
  staged_->emplace_back(published->name, published);
  return published;
}

Result<std::shared_ptr<const TableDef>> WriteTxn::ReplaceTable(TableDef def) {
  auto current = FindTable(def.name);
  if (!current) return MakeError("storage", "no table " + def.name);
  def.id = current->id;
  std::vector<const IndexDef*> added;
  for (auto& i : def.gsis) {
    if (i.id == 0) i.id = store_->NextId();
  }
  for (auto& i : def.lsis) {
    if (i.id == 0) i.id = store_->NextId();
  }
  // Drop entries of indexes that are gone.
  for (const IndexDef* old : current->AllIndexes()) {
    bool kept = false;
    for (const IndexDef* now : def.AllIndexes()) kept = kept || now->id == old->id;
    if (kept) continue;
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(Stmt s,
                        conn_->Prepare("DELETE FROM index_items WHERE iid=?1"));
    s.Bind(1, old->id);
    SB_TRY_STATUS(s.Run("drop index"));
  }
  {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare("UPDATE catalog SET def=?2 WHERE id=?1"));
    std::string text = EncodeTableDef(def);
    s.Bind(1, def.id);
    s.BindText(2, text);
    SB_TRY_STATUS(s.Run("update table"));
  }
  auto published = std::make_shared<const TableDef>(std::move(def));
  // Backfill new indexes from the table's items.
  std::vector<const IndexDef*> fresh;
  for (const IndexDef* now : published->AllIndexes()) {
    bool existed = false;
    for (const IndexDef* old : current->AllIndexes()) existed = existed || old->id == now->id;
    if (!existed) fresh.push_back(now);
  }
  if (!fresh.empty()) {
    ReadSpec spec;
    spec.table = published.get();
    std::vector<std::pair<EncodedKey, Item>> rows;
    Status read_status;
    SB_TRY_STATUS(ForEach(spec, [&](const RowView& row) {
      auto item = row.Decode();
      if (!item.ok()) {
        read_status = item.error();
        return false;
      }
      rows.emplace_back(row.key, std::move(item).value());
      return true;
    }));
    SB_TRY_STATUS(read_status);
    // An item whose value for the new index's key could not be written today (an empty
    // string or binary, a value over the key size limits; a wrong type is not in the index
    // anyway) is left out of the index instead of failing the UpdateTable, as DynamoDB's
    // backfill does: it reports such items as index key violations and carries on.
    for (const auto& [key, item] : rows) {
      for (const IndexDef* index : fresh) {
        if (!ValidateIndexKey(*published, *index, item).ok()) continue;
        SB_TRY_STATUS(PutIndexEntries(*published, *index, item, key));
      }
    }
  }
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, current.get(), published.get()));
  }
  staged_->emplace_back(published->name, published);
  return published;
}

Status WriteTxn::DeleteTable(const TableDef& table) {
  for (const IndexDef* index : table.AllIndexes()) {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare("DELETE FROM index_items WHERE iid=?1"));
    s.Bind(1, index->id);
    SB_TRY_STATUS(s.Run("drop index"));
  }
  const char* const stmts[] = {"DELETE FROM items WHERE tid=?1", "DELETE FROM catalog WHERE id=?1"};
  for (const char* sql : stmts) {
    SB_TRY_STATUS(Check());
    SB_ASSIGN_OR_RETURN(Stmt s, conn_->Prepare(sql));
    s.Bind(1, table.id);
    SB_TRY_STATUS(s.Run("drop table"));
  }
  if (store_->options_.observer != nullptr) {
    SB_TRY_STATUS(store_->options_.observer->OnTableChange(*this, &table, nullptr));
  }
  staged_->emplace_back(table.name, nullptr);
  return {};
}

}  // namespace sb::engine::storage
