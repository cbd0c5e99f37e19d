// UpdateTable: billing mode and throughput, GSI create (backfilled from the table's items in
// the same transaction) / update / delete, and stream settings.
#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/quote.h"
#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/ops/table_spec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

namespace {

ApiError Invalid(std::string_view what) {
  return ApiError::Validation("One or more parameter values were invalid: " + std::string(what));
}

using protocol::ApiStatus;

// The changes an UpdateTable request asks for, read before the table is looked up.
struct TableUpdate {
  std::optional<std::string> billing;
  std::optional<Throughput> throughput;
  const json::array* attribute_definitions = nullptr;
  const json::array* index_updates = nullptr;  // GlobalSecondaryIndexUpdates
  std::optional<StreamSpec> stream;
};

// BillingMode and ProvisionedThroughput against the current billing mode.
ApiStatus ApplyBilling(const TableUpdate& u, const TableDef& cur, const Clock& clock,
                       TableDef& def) {
  if (u.billing) {
    def.billing = *u.billing == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                                  : BillingMode::kProvisioned;
    if (def.billing == BillingMode::kPayPerRequest && cur.billing != def.billing) {
      def.pay_per_request_millis = clock.NowUnixMillis();
    }
  }
  if (u.throughput) {
    if (def.billing == BillingMode::kPayPerRequest) {
      return Invalid(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
          "is PAY_PER_REQUEST");
    }
    def.throughput = *u.throughput;
  } else if (def.billing == BillingMode::kProvisioned &&
             cur.billing == BillingMode::kPayPerRequest) {
    return Invalid(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  if (def.billing == BillingMode::kPayPerRequest) {
    def.throughput = {};
    for (auto& g : def.gsis) g.throughput = {};
  }
  return {};
}

// New AttributeDefinitions join the table's; an existing attribute may not change type.
ApiStatus ApplyAttributeDefinitions(const TableUpdate& u, AttributeTypes& types, TableDef& def) {
  if (u.attribute_definitions == nullptr) return {};
  SB_ASSIGN_OR_RETURN(auto extra, ParseAttributeDefinitions(*u.attribute_definitions));
  for (const auto& a : extra) {
    auto it = types.find(a.name);
    if (it != types.end() && it->second != a.type) {
      return Invalid("Cannot change the type of existing attribute " + QuotePrefix(a.name));
    }
    if (it == types.end()) {
      types.emplace(a.name, a.type);
      def.attribute_definitions.push_back(a);
    }
  }
  return {};
}

// GlobalSecondaryIndexUpdates.N.Create: a new index, backfilled by the store.
ApiStatus CreateIndex(const json::object& create, const std::string& path,
                      const AttributeTypes& types, TableDef& def) {
  SB_ASSIGN_OR_RETURN(IndexDef index, ParseIndex(create, true, path + ".create", types, nullptr));
  if (def.FindIndex(index.name) != nullptr) {
    return Invalid("Attempting to create an index which already exists");
  }
  SB_TRY_STATUS(CheckIndexThroughput(index, def.billing));
  index.id = 0;  // new: the store assigns an id and backfills
  def.gsis.push_back(std::move(index));
  return {};
}

// The GSI named by an update's IndexName, or ResourceNotFoundException.
protocol::ApiResult<std::vector<IndexDef>::iterator> FindGsi(const json::object& o,
                                                             TableDef& def) {
  SB_ASSIGN_OR_RETURN(auto iname, OptString(o, "IndexName"));
  auto it = std::find_if(def.gsis.begin(), def.gsis.end(),
                         [&](const IndexDef& g) { return iname && g.name == *iname; });
  if (it == def.gsis.end()) {
    return ApiError::ResourceNotFound(
        "Requested resource not found: Index: " + QuotePrefix(iname.value_or("")) + " not found");
  }
  return it;
}

// One GlobalSecondaryIndexUpdates member: exactly one of Create, Delete, Update.
ApiStatus ApplyIndexUpdate(const json::value& member, size_t i, const AttributeTypes& types,
                           TableDef& def) {
  if (!member.is_object()) {
    return ApiError::Serialization("GlobalSecondaryIndexUpdates must hold objects");
  }
  const auto& u = member.get_object();
  std::string path = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member";
  SB_ASSIGN_OR_RETURN(const json::object* create, OptObject(u, "Create"));
  SB_ASSIGN_OR_RETURN(const json::object* del, OptObject(u, "Delete"));
  SB_ASSIGN_OR_RETURN(const json::object* upd, OptObject(u, "Update"));
  if ((create != nullptr) + (del != nullptr) + (upd != nullptr) != 1) {
    return Invalid("One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be specified");
  }
  if (create != nullptr) return CreateIndex(*create, path, types, def);
  if (del != nullptr) {
    SB_ASSIGN_OR_RETURN(auto it, FindGsi(*del, def));
    def.gsis.erase(it);
    return {};
  }
  SB_ASSIGN_OR_RETURN(auto it, FindGsi(*upd, def));
  SB_ASSIGN_OR_RETURN(const json::object* itp_json, OptObject(*upd, "ProvisionedThroughput"));
  SB_ASSIGN_OR_RETURN(auto itp, ParseThroughput(itp_json, path + ".update.provisionedThroughput"));
  if (itp) it->throughput = *itp;
  return {};
}

ApiStatus ApplyIndexUpdates(const TableUpdate& u, const AttributeTypes& types, TableDef& def) {
  if (u.index_updates == nullptr) return {};
  // DynamoDB: "Subscriber limit exceeded: Only 1 online index can be created or deleted
  // simultaneously per table" (checked before any of the updates).
  int online_changes = 0;
  for (const auto& m : *u.index_updates) {
    if (m.is_object() && (m.get_object().contains("Create") || m.get_object().contains("Delete"))) {
      ++online_changes;
    }
  }
  if (online_changes > 1) {
    return ApiError::LimitExceeded(
        "Subscriber limit exceeded: Only 1 online index can be created or deleted "
        "simultaneously per table");
  }
  for (size_t i = 0; i < u.index_updates->size(); ++i) {
    SB_TRY_STATUS(ApplyIndexUpdate((*u.index_updates)[i], i, types, def));
  }
  if (def.gsis.size() > 20) {
    return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  return {};
}

// StreamSpecification: enable a disabled stream (with a new label) or disable an enabled one.
ApiStatus ApplyStream(const TableUpdate& u, const TableDef& cur, const Clock& clock,
                      TableDef& def) {
  if (!u.stream) return {};
  if (u.stream->enabled && cur.stream.enabled) {
    // DynamoDB's wording: "Table already has an enabled stream: TableName: <name>".
    return ApiError::Validation("Table already has an enabled stream: TableName: " + cur.name);
  }
  if (!u.stream->enabled && !cur.stream.enabled) {
    return ApiError::Validation("Table already has stream disabled");
  }
  def.stream.enabled = u.stream->enabled;
  if (u.stream->enabled) {
    def.stream.view_type = u.stream->view_type;
    def.stream.label = StreamLabelNow(clock);
  }
  return {};
}

// The new definition built from the current one. Run against the published definition to
// validate before the transaction, and again inside it (another UpdateTable may have run in
// between).
protocol::ApiResult<TableDef> Build(const TableUpdate& u, const TableDef& cur,
                                    const Clock& clock) {
  TableDef def = cur;
  SB_TRY_STATUS(ApplyBilling(u, cur, clock, def));
  AttributeTypes types;
  for (const auto& a : def.attribute_definitions) types.emplace(a.name, a.type);
  SB_TRY_STATUS(ApplyAttributeDefinitions(u, types, def));
  SB_TRY_STATUS(ApplyIndexUpdates(u, types, def));
  SB_TRY_STATUS(ApplyStream(u, cur, clock, def));
  return def;
}

protocol::ApiResult<TableUpdate> ReadUpdate(const json::object& req) {
  TableUpdate u;
  Violations v;
  SB_ASSIGN_OR_RETURN(u.billing, OptEnum(req, "BillingMode", {"PROVISIONED", "PAY_PER_REQUEST"}, v));
  SB_TRY_STATUS(v.ToStatus());
  SB_ASSIGN_OR_RETURN(const json::object* tp_json, OptObject(req, "ProvisionedThroughput"));
  SB_ASSIGN_OR_RETURN(u.throughput, ParseThroughput(tp_json, "provisionedThroughput"));
  SB_ASSIGN_OR_RETURN(u.attribute_definitions, OptArray(req, "AttributeDefinitions"));
  SB_ASSIGN_OR_RETURN(u.index_updates, OptArray(req, "GlobalSecondaryIndexUpdates"));
  SB_ASSIGN_OR_RETURN(u.stream, ParseStreamSpec(req));
  if (!u.billing && !u.throughput && u.index_updates == nullptr && !u.stream) {
    return ApiError::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  return u;
}

}  // namespace

OpResult UpdateTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  SB_ASSIGN_OR_RETURN(TableUpdate u, ReadUpdate(req));
  const std::string not_found = TableNotFoundMessage(name);
  SB_ASSIGN_OR_RETURN(auto current, LookupTable(ctx, name, not_found));
  // Validate against the published definition before opening the transaction.
  SB_ASSIGN_OR_RETURN(TableDef preview, Build(u, *current, *ctx.clock));
  (void)preview;

  auto updated = ctx.store->Write(
      [&](storage::WriteTxn& txn) -> protocol::ApiResult<std::shared_ptr<const TableDef>> {
        auto cur = txn.FindTable(name);
        if (!cur) return ApiError::ResourceNotFound(not_found);
        SB_ASSIGN_OR_RETURN(TableDef def, Build(u, *cur, *ctx.clock));
        auto r = txn.ReplaceTable(std::move(def));
        if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
        return std::move(r).value();
      });
  if (!updated.ok()) return Fail(updated.error());
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *updated.value()));
  return json::object{{"TableDescription", std::move(desc)}};
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "UpdateTable", &UpdateTable};
}  // namespace

}  // namespace sb::engine::ops
