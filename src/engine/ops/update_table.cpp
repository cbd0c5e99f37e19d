// UpdateTable: billing mode and throughput, GSI create (backfilled from the table's items in
// the same transaction) / update / delete, and stream settings.
#include <boost/json.hpp>
#include <set>

#include "engine/ops/describe.h"
#include "engine/ops/operations.h"
#include "engine/ops/request.h"
#include "engine/ops/table_spec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;

namespace {

ApiError Invalid(std::string_view what) {
  return ApiError::Validation("One or more parameter values were invalid: " + std::string(what));
}

}  // namespace

OpResult UpdateTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(std::string name, TableNameParam(req));
  Violations v;
  SB_ASSIGN_OR_RETURN(auto billing, OptEnum(req, "BillingMode", {"PROVISIONED", "PAY_PER_REQUEST"}, v));
  SB_TRY_STATUS(v.ToStatus());
  SB_ASSIGN_OR_RETURN(const json::object* tp_json, OptObject(req, "ProvisionedThroughput"));
  SB_ASSIGN_OR_RETURN(auto tp, ParseThroughput(tp_json, "provisionedThroughput"));
  SB_ASSIGN_OR_RETURN(const json::array* attr_json, OptArray(req, "AttributeDefinitions"));
  SB_ASSIGN_OR_RETURN(const json::array* updates, OptArray(req, "GlobalSecondaryIndexUpdates"));
  SB_ASSIGN_OR_RETURN(auto stream, ParseStreamSpec(req));
  if (!billing && !tp && updates == nullptr && !stream) {
    return ApiError::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  const std::string not_found = "Requested resource not found: Table: " + name + " not found";
  SB_ASSIGN_OR_RETURN(auto current, LookupTable(ctx, name, not_found));

  // Build the new definition from the current one; re-checked against the current one inside
  // the transaction (another UpdateTable may have run in between).
  auto build = [&](const TableDef& cur) -> protocol::ApiResult<TableDef> {
    TableDef def = cur;
    if (billing) {
      def.billing = *billing == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                                  : BillingMode::kProvisioned;
      if (def.billing == BillingMode::kPayPerRequest && cur.billing != def.billing) {
        def.pay_per_request_millis = ctx.clock->NowUnixMillis();
      }
    }
    if (tp) {
      if (def.billing == BillingMode::kPayPerRequest) {
        return Invalid(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
            "is PAY_PER_REQUEST");
      }
      def.throughput = *tp;
    } else if (def.billing == BillingMode::kProvisioned && cur.billing == BillingMode::kPayPerRequest) {
      return Invalid(
          "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED");
    }
    if (def.billing == BillingMode::kPayPerRequest) {
      def.throughput = {};
      for (auto& g : def.gsis) g.throughput = {};
    }
    AttributeTypes types;
    for (const auto& a : def.attribute_definitions) types.emplace(a.name, a.type);
    if (attr_json != nullptr) {
      SB_ASSIGN_OR_RETURN(auto extra, ParseAttributeDefinitions(*attr_json));
      for (const auto& a : extra) {
        auto it = types.find(a.name);
        if (it != types.end() && it->second != a.type) {
          return Invalid("Cannot change the type of existing attribute " + a.name);
        }
        if (it == types.end()) {
          types.emplace(a.name, a.type);
          def.attribute_definitions.push_back(a);
        }
      }
    }
    if (updates != nullptr) {
      // DynamoDB: "Subscriber limit exceeded: Only 1 online index can be created or deleted
      // simultaneously per table" (checked before any of the updates).
      int online_changes = 0;
      for (const auto& u : *updates) {
        if (u.is_object() && (u.get_object().contains("Create") || u.get_object().contains("Delete"))) {
          ++online_changes;
        }
      }
      if (online_changes > 1) {
        return ApiError::LimitExceeded(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
      }
      for (size_t i = 0; i < updates->size(); ++i) {
        if (!(*updates)[i].is_object()) return ApiError::Serialization("GlobalSecondaryIndexUpdates must hold objects");
        const auto& u = (*updates)[i].get_object();
        std::string path = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member";
        SB_ASSIGN_OR_RETURN(const json::object* create, OptObject(u, "Create"));
        SB_ASSIGN_OR_RETURN(const json::object* del, OptObject(u, "Delete"));
        SB_ASSIGN_OR_RETURN(const json::object* upd, OptObject(u, "Update"));
        if ((create != nullptr) + (del != nullptr) + (upd != nullptr) != 1) {
          return Invalid("One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be specified");
        }
        if (create != nullptr) {
          SB_ASSIGN_OR_RETURN(IndexDef index,
                              ParseIndex(*create, true, path + ".create", types, nullptr));
          if (def.FindIndex(index.name) != nullptr) {
            return Invalid("Attempting to create an index which already exists");
          }
          const bool has_tp = index.throughput.read > 0;
          if (def.billing == BillingMode::kProvisioned && !has_tp) {
            return Invalid("ProvisionedThroughput is not specified for index: " + index.name);
          }
          if (def.billing == BillingMode::kPayPerRequest && has_tp) {
            return Invalid("ProvisionedThroughput should not be specified for index: " +
                           index.name + " when BillingMode is PAY_PER_REQUEST");
          }
          index.id = 0;  // new: the store assigns an id and backfills
          def.gsis.push_back(std::move(index));
        } else if (del != nullptr) {
          SB_ASSIGN_OR_RETURN(auto iname, OptString(*del, "IndexName"));
          auto it = std::find_if(def.gsis.begin(), def.gsis.end(),
                                 [&](const IndexDef& g) { return iname && g.name == *iname; });
          if (it == def.gsis.end()) {
            return ApiError::ResourceNotFound("Requested resource not found: Index: " +
                                              iname.value_or("") + " not found");
          }
          def.gsis.erase(it);
        } else {
          SB_ASSIGN_OR_RETURN(auto iname, OptString(*upd, "IndexName"));
          auto it = std::find_if(def.gsis.begin(), def.gsis.end(),
                                 [&](const IndexDef& g) { return iname && g.name == *iname; });
          if (it == def.gsis.end()) {
            return ApiError::ResourceNotFound("Requested resource not found: Index: " +
                                              iname.value_or("") + " not found");
          }
          SB_ASSIGN_OR_RETURN(const json::object* itp_json, OptObject(*upd, "ProvisionedThroughput"));
          SB_ASSIGN_OR_RETURN(auto itp, ParseThroughput(itp_json, path + ".update.provisionedThroughput"));
          if (itp) it->throughput = *itp;
        }
      }
      if (def.gsis.size() > 20) {
        return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
      }
    }
    if (stream) {
      if (stream->enabled && cur.stream.enabled) {
        // DynamoDB's wording: "Table already has an enabled stream: TableName: <name>".
        return ApiError::Validation("Table already has an enabled stream: TableName: " +
                                    cur.name);
      }
      if (!stream->enabled && !cur.stream.enabled) {
        return ApiError::Validation("Table already has stream disabled");
      }
      def.stream.enabled = stream->enabled;
      if (stream->enabled) {
        def.stream.view_type = stream->view_type;
        def.stream.label = StreamLabelNow(*ctx.clock);
      }
    }
    return def;
  };
  // Validate against the published definition before opening the transaction.
  SB_ASSIGN_OR_RETURN(TableDef preview, build(*current));
  (void)preview;

  auto updated = ctx.store->Write(
      [&](storage::WriteTxn& txn) -> protocol::ApiResult<std::shared_ptr<const TableDef>> {
        auto cur = txn.FindTable(name);
        if (!cur) return ApiError::ResourceNotFound(not_found);
        SB_ASSIGN_OR_RETURN(TableDef def, build(*cur));
        auto r = txn.ReplaceTable(std::move(def));
        if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
        return std::move(r).value();
      });
  if (!updated.ok()) return Fail(updated.error());
  SB_ASSIGN_OR_RETURN(json::object desc, DescribeTableJson(ctx, *updated.value()));
  return json::object{{"TableDescription", std::move(desc)}};
}

}  // namespace sb::engine::ops
