#include "engine/ops/read_page.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <utility>

#include "base/quote.h"
#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/ops/legacy_params.h"
#include "engine/storage/key_codec.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops::read {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::Item;

namespace {

constexpr size_t kPageBytes = 1024 * 1024;  // DynamoDB's 1 MB Query / Scan page

ApiError InvalidParameter(const std::string& what) {
  return ApiError::Validation("One or more parameter values were invalid: " + what);
}

// Select as asked, or its default: SPECIFIC_ATTRIBUTES with a projection, else
// ALL_PROJECTED_ATTRIBUTES on an index, else ALL_ATTRIBUTES.
Select SelectOf(const ReadParams& p, const IndexDef* index) {
  if (!p.select_text) {
    if (p.projection_text || p.legacy_projection) return Select::kSpecific;
    return index ? Select::kAllProjected : Select::kAllAttributes;
  }
  if (*p.select_text == "ALL_PROJECTED_ATTRIBUTES") return Select::kAllProjected;
  if (*p.select_text == "SPECIFIC_ATTRIBUTES") return Select::kSpecific;
  if (*p.select_text == "COUNT") return Select::kCount;
  return Select::kAllAttributes;
}

// Select against the projection parameters and the index's projection.
ApiStatus CheckSelect(const ReadParams& p, const ReadTarget& t) {
  if (p.projection_text && t.select != Select::kSpecific) {
    return Fail(InvalidParameter("Select type " + *p.select_text +
                                 " is not compatible with ProjectionExpression"));
  }
  if (p.legacy_projection && t.select != Select::kSpecific) {
    return Fail(InvalidParameter("Select type " + *p.select_text +
                                 " is not compatible with AttributesToGet"));
  }
  if (t.select == Select::kSpecific && !p.projection_text && !p.legacy_projection) {
    return Fail(
        InvalidParameter("Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression"));
  }
  if (t.select == Select::kAllProjected && t.index == nullptr) {
    return Fail(InvalidParameter(
        "Select type ALL_PROJECTED_ATTRIBUTES is only valid when querying or scanning a "
        "secondary index"));
  }
  // DynamoDB: ALL_ATTRIBUTES on a GSI needs an ALL projection (GSIs cannot fetch from the
  // table); an LSI fetches the missing attributes from the table.
  if (t.index != nullptr && t.index->global && t.select == Select::kAllAttributes &&
      t.index->projection.type != ProjectionType::kAll) {
    return Fail(InvalidParameter("Select type ALL_ATTRIBUTES is not supported for global "
                                 "secondary index " + t.index->name +
                                 " because its projection type is not ALL"));
  }
  return {};
}

// One page's worth of rows, as the read loop gathers them.
struct Page {
  json::array items;
  int64_t count = 0;
  int64_t scanned = 0;
  size_t bytes = 0;          // the rows read: index entries on an index read
  double fetch_units = 0;    // the items an LSI read fetched from the table
  std::optional<Item> last_key;
};

// True when an LSI read must fetch items from the table: Select ALL_ATTRIBUTES (settled in
// ResolveTarget), or a projection naming a top-level attribute the index does not project.
// DynamoDB (Query API reference, Select): "If any of the requested attributes are not
// projected into the local secondary index, DynamoDB fetches each of these attributes from
// the parent table." A GSI never fetches.
bool FetchesFromTable(const ReadTarget& t, const ReadExpressions& e) {
  if (t.fetch_from_table) return true;
  if (t.index == nullptr || t.index->global || t.index->projection.type == ProjectionType::kAll ||
      !e.projection) {
    return false;
  }
  for (const std::string& name : expr::ProjectionTopLevelNames(*e.projection)) {
    if (t.table->key.IsKey(name) || t.index->key.IsKey(name)) continue;
    const auto& non_key = t.index->projection.non_key_attributes;
    if (std::find(non_key.begin(), non_key.end(), name) == non_key.end()) return true;
  }
  return false;
}

// The table key of a row's item, plus the index key for index reads.
Item KeyOfRow(const ReadTarget& t, const Item& item) {
  Item key = KeyItem(t.table->key, item);
  if (t.index) {
    for (auto& [k, v] : KeyItem(t.index->key, item)) key.insert_or_assign(k, v);
  }
  return key;
}

// Reads rows of `spec` into `page` until the rows, Limit or the 1 MB page run out.
ApiStatus ReadRows(Context& ctx, const ReadTarget& t, const ReadParams& p,
                   const ReadExpressions& e, const storage::ReadSpec& spec, Page& page) {
  std::optional<ApiError> failure;
  const bool fetch = FetchesFromTable(t, e);
  Status read = ctx.store->Read([&](storage::ReadView& view) -> Status {
    return view.ForEach(spec, [&](const storage::RowView& row) -> bool {
      Result<Item> decoded = row.Decode();
      if (!decoded.ok()) {
        failure = ApiError::Internal("storage: " + decoded.error().message);
        return false;
      }
      Item item = std::move(decoded).value();
      ++page.scanned;
      page.bytes += protocol::ItemSizeBytes(item);
      Item key_of_row = KeyOfRow(t, item);
      if (fetch) {
        Result<std::optional<Item>> full = view.Get(*t.table, row.base);
        if (!full.ok()) {
          failure = ApiError::Internal("storage: " + full.error().message);
          return false;
        }
        if (*full) {
          // Each fetch is a read of the whole item from the table (developer guide, "Local
          // secondary indexes": read units for the index entries plus, per fetched item, its
          // full size).
          page.fetch_units += ReadUnits(protocol::ItemSizeBytes(**full), p.consistent);
          item = std::move(**full);
        }
      }
      bool keep = true;
      if (e.filter) {
        ApiResult<bool> r = expr::Evaluate(*e.filter, item);
        if (!r.ok()) {
          failure = r.error();
          return false;
        }
        keep = *r;
      }
      if (keep) {
        ++page.count;
        if (t.select != Select::kCount) {
          page.items.push_back(
              protocol::EncodeItem(e.projection ? expr::Project(*e.projection, item) : item));
        }
      }
      if ((p.limit && page.scanned >= *p.limit) || page.bytes >= kPageBytes) {
        page.last_key = std::move(key_of_row);
        return false;
      }
      return true;
    });
  });
  if (failure) return Fail(*failure);
  if (!read.ok()) return Fail(ApiError::Internal("storage: " + read.error().message));
  return {};
}

}  // namespace

ApiResult<ReadParams> ReadParams::Parse(const json::object& request, std::string_view table_name,
                                        std::string_view legacy_filter_member) {
  ReadParams p;
  p.table_name = std::string(table_name);
  // Legacy parameters (converted to the same trees as their expressions).
  SB_ASSIGN_OR_RETURN(p.legacy_filter, ReadLegacyFilter(request, legacy_filter_member));
  SB_ASSIGN_OR_RETURN(p.legacy_projection, ReadAttributesToGet(request));
  Violations violations;
  SB_ASSIGN_OR_RETURN(p.index_name, OptString(request, "IndexName"));
  SB_ASSIGN_OR_RETURN(auto consistent, OptBool(request, "ConsistentRead"));
  p.consistent = consistent.value_or(false);
  SB_ASSIGN_OR_RETURN(p.select_text,
                      OptEnum(request, "Select",
                              {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "COUNT",
                               "SPECIFIC_ATTRIBUTES"},
                              violations));
  SB_ASSIGN_OR_RETURN(p.capacity_mode, ReadCapacityMode(request, violations));
  SB_ASSIGN_OR_RETURN(p.limit, OptInt(request, "Limit"));
  SB_ASSIGN_OR_RETURN(p.forward, OptBool(request, "ScanIndexForward"));
  SB_ASSIGN_OR_RETURN(p.key_text, OptString(request, "KeyConditionExpression"));
  SB_ASSIGN_OR_RETURN(p.filter_text, OptString(request, "FilterExpression"));
  SB_ASSIGN_OR_RETURN(p.projection_text, OptString(request, "ProjectionExpression"));
  SB_ASSIGN_OR_RETURN(p.maps, ReadExpressionMaps(request));
  SB_ASSIGN_OR_RETURN(p.start_key, OptItem(request, "ExclusiveStartKey"));
  SB_ASSIGN_OR_RETURN(p.segment, OptInt(request, "Segment"));
  SB_ASSIGN_OR_RETURN(p.total_segments, OptInt(request, "TotalSegments"));
  if (p.limit && *p.limit < 1) {
    violations.Add("limit", std::to_string(*p.limit),
                   "Member must have value greater than or equal to 1");
  }
  if (p.index_name) CheckName("indexName", p.index_name, violations, /*required=*/false);
  SB_TRY_STATUS(violations.ToStatus());
  return p;
}

ApiResult<ReadTarget> ResolveTarget(Context& ctx, const ReadParams& p) {
  ReadTarget t;
  SB_ASSIGN_OR_RETURN(t.table, LookupTable(ctx, p.table_name));
  if (p.index_name) {
    t.index = t.table->FindIndex(*p.index_name);
    if (t.index == nullptr) {
      return Fail(ApiError::Validation("The table does not have the specified index: " +
                                       QuotePrefix(*p.index_name)));
    }
    if (t.index->global && p.consistent) {
      return Fail(ApiError::Validation(
          "Consistent reads are not supported on global secondary indexes"));
    }
  }
  t.select = SelectOf(p, t.index);
  t.fetch_from_table = t.index != nullptr && !t.index->global &&
                       t.index->projection.type != ProjectionType::kAll &&
                       t.select == Select::kAllAttributes;
  SB_TRY_STATUS(CheckSelect(p, t));
  return t;
}

ApiResult<ReadExpressions> ParseReadExpressions(const ReadParams& p, expr::Placeholders& ph) {
  ReadExpressions e;
  if (p.filter_text) {
    SB_ASSIGN_OR_RETURN(e.filter, expr::ParseCondition(*p.filter_text, "FilterExpression", ph));
  }
  if (p.projection_text) {
    SB_ASSIGN_OR_RETURN(e.projection, expr::ParseProjection(*p.projection_text, ph));
  }
  e.filter_is_legacy = p.legacy_filter != nullptr;
  if (p.legacy_filter) e.filter = p.legacy_filter;
  if (p.legacy_projection) e.projection = p.legacy_projection;
  SB_TRY_STATUS(ph.CheckAllUsed());
  return e;
}

storage::ReadSpec SpecFor(const ReadTarget& target) {
  storage::ReadSpec spec;
  spec.table = target.table.get();
  spec.index = target.index;
  return spec;
}

ApiStatus SetStartKey(const ReadTarget& t, const std::optional<Item>& start_key,
                      storage::ReadSpec& spec) {
  if (!start_key) return {};
  // Exactly the table key, plus the index key for index reads.
  std::set<std::string> expected;
  for (const KeyElement& k : t.table->key.Elements()) expected.insert(k.name);
  if (t.index) {
    for (const KeyElement& k : t.index->key.Elements()) expected.insert(k.name);
  }
  bool shape_ok = start_key->size() == expected.size();
  for (const auto& [name, v] : *start_key) shape_ok = shape_ok && expected.count(name);
  auto table_key = storage::EncodeItemKey(t.table->key, *start_key);
  auto index_key = storage::EncodeItemKey(t.schema(), *start_key);
  if (!shape_ok || !table_key || !index_key) {
    return Fail(ApiError::Validation(
        "The provided starting key is invalid: The provided key element does not match the "
        "schema"));
  }
  if (spec.hash && index_key->hash != *spec.hash) {
    return Fail(ApiError::Validation(
        "The provided starting key is invalid: Exclusive Start Key must have same hash key "
        "value as the query"));
  }
  // Without a segment the part range is everything, so this only bites a parallel scan.
  const uint32_t part = storage::PartitionHash(index_key->hash);
  if (!spec.hash && !(part >= spec.part_lo && part <= spec.part_hi)) {
    return Fail(ApiError::Validation(
        "The provided starting key is invalid: The provided Exclusive start key does not map "
        "to the provided segment"));
  }
  spec.start_after = storage::Position{*index_key, *table_key};
  return {};
}

OpResult ReadPage(Context& ctx, const ReadTarget& t, const ReadParams& p,
                  const ReadExpressions& e, const storage::ReadSpec& spec) {
  Page page;
  SB_TRY_STATUS(ReadRows(ctx, t, p, e, spec, page));
  json::object out;
  if (t.select != Select::kCount) out["Items"] = std::move(page.items);
  out["Count"] = page.count;
  out["ScannedCount"] = page.scanned;
  if (page.last_key) out["LastEvaluatedKey"] = protocol::EncodeItem(*page.last_key);
  Capacity capacity(t.table->name);
  if (t.index) {
    capacity.AddIndex(*t.index, ReadUnits(page.bytes, p.consistent));
    if (page.fetch_units > 0) capacity.AddTable(page.fetch_units);
  } else {
    capacity.AddTable(ReadUnits(page.bytes, p.consistent));
  }
  AttachCapacity(out, capacity, p.capacity_mode);
  return out;
}

}  // namespace sb::engine::ops::read
