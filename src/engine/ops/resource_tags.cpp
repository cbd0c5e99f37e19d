#include "engine/ops/resource_tags.h"

#include <cctype>
#include <string_view>

#include "base/quote.h"
#include "engine/ops/operations.h"
#include "engine/ops/request.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;

ApiResult<std::string> ResourceTable(Context& ctx, const json::object& req) {
  SB_ASSIGN_OR_RETURN(auto arn, OptString(req, "ResourceArn"));
  Violations v;
  if (!arn) v.Add("resourceArn", std::nullopt, "Member must not be null");
  SB_TRY_STATUS(v.ToStatus());
  auto name = TableNameFromArn(*arn);
  if (!name) {
    return ApiError::Validation("Invalid TableArn: Invalid ResourceArn provided as input " +
                                QuotePrefix(*arn));
  }
  // Only tables are taggable: an ARN naming something under a table (an index, a stream,
  // ".../table/T/index/I") names no taggable resource, and is not found (dynalite takes the
  // ARN's last segment as the table name, so it answers the same for an index ARN).
  const bool names_a_table = arn->size() == arn->find(":table/") + 7 + name->size();
  if (!names_a_table || !ctx.store->FindTable(*name)) {
    return ApiError::ResourceNotFound(
        "Requested resource not found: ResourcArn: " + QuotePrefix(*arn) + " not found");
  }
  return *name;
}

protocol::ApiStatus ChangeTags(Context& ctx, const std::string& name,
                               const std::function<void(TableDef&)>& change) {
  return ctx.store->Write([&](storage::WriteTxn& txn) -> protocol::ApiStatus {
    auto cur = txn.FindTable(name);
    if (!cur) return ApiError::ResourceNotFound();
    TableDef def = *cur;
    change(def);
    if (def.tags.size() > kMaxTagsPerTable && def.tags.size() > cur->tags.size()) {
      return TooManyTags();  // nothing is written
    }
    auto r = txn.ReplaceTable(std::move(def));
    if (!r.ok()) return ApiError::Internal("storage: " + r.error().message);
    return {};
  });
}

namespace {

// The number of characters of UTF-8 `s` (continuation bytes are not counted).
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool TagCharsOk(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || std::isalnum(c) || c == ' ') continue;
    if (std::string_view("_.:/=+-@").find(static_cast<char>(c)) != std::string_view::npos) {
      continue;
    }
    return false;
  }
  return true;
}

constexpr std::string_view kTagPattern =
    "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";

}  // namespace

void CheckTag(const std::string& path, const std::string& key, const std::string& value,
              Violations& v) {
  if (Utf8Length(key) < 1) v.Add(path + ".key", key, "Member must have length greater than or equal to 1");
  if (Utf8Length(key) > 128) v.Add(path + ".key", key, "Member must have length less than or equal to 128");
  if (!TagCharsOk(key)) v.Add(path + ".key", key, kTagPattern);
  if (Utf8Length(value) > 256) {
    v.Add(path + ".value", value, "Member must have length less than or equal to 256");
  }
  if (!TagCharsOk(value)) v.Add(path + ".value", value, kTagPattern);
}

protocol::ApiError TooManyTags() {
  return protocol::ApiError::Of(protocol::ErrorCode::kLimitExceeded,
                                "The number of tags on the resource would exceed the limit of " +
                                    std::to_string(kMaxTagsPerTable));
}

}  // namespace sb::engine::ops
