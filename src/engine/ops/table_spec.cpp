#include "engine/ops/table_spec.h"

#include <boost/json.hpp>

#include "base/quote.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;

namespace {

// A GSI's partition key and its sort key have at most four attributes each.
constexpr size_t kMaxKeyAttributes = 4;

ApiError Invalid(std::string_view what) {
  return ApiError::Validation("One or more parameter values were invalid: " + std::string(what));
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string s = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s += ", ";
    s += names[i];
  }
  return s + "]";
}

}  // namespace

ApiResult<std::vector<KeyElement>> ParseAttributeDefinitions(const json::array& a) {
  std::vector<KeyElement> out;
  Violations v;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object()) return ApiError::Serialization("AttributeDefinitions must hold objects");
    const auto& o = a[i].get_object();
    std::string path = "attributeDefinitions." + std::to_string(i + 1) + ".member";
    SB_ASSIGN_OR_RETURN(auto name, OptString(o, "AttributeName"));
    SB_ASSIGN_OR_RETURN(auto type, OptEnum(o, "AttributeType", {"B", "N", "S"}, v, path + ".attributeType"));
    if (!name) v.Add(path + ".attributeName", std::nullopt, "Member must not be null");
    if (!type) v.Add(path + ".attributeType", std::nullopt, "Member must not be null");
    // AttributeDefinition.AttributeName: length 1..255 (API reference).
    if (name && name->empty()) {
      v.Add(path + ".attributeName", *name, "Member must have length greater than or equal to 1");
    }
    if (name && name->size() > 255) {
      v.Add(path + ".attributeName", *name, "Member must have length less than or equal to 255");
    }
    if (name && type && ParseScalarType(*type)) {
      out.push_back(KeyElement{*name, *ParseScalarType(*type)});
    }
  }
  SB_TRY_STATUS(v.ToStatus());
  std::set<std::string> seen;
  for (const auto& e : out) {
    if (!seen.insert(e.name).second) {
      return Invalid("Duplicate AttributeName in AttributeDefinitions: " + QuotePrefix(e.name));
    }
  }
  return out;
}

namespace {

// The missing-definitions error, or nothing when every name has an AttributeDefinition.
protocol::ApiStatus CheckDefined(const std::vector<std::pair<std::string, std::string>>& elems,
                                 const AttributeTypes& defs) {
  std::vector<std::string> missing;
  for (const auto& [name, type] : elems) {
    if (!defs.count(name)) missing.push_back(name);
  }
  if (missing.empty()) return {};
  std::vector<std::string> defined;
  for (const auto& [n, t] : defs) defined.push_back(n);
  return Invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                 QuotePrefix(JoinNames(missing), kQuoteListBytes) +
                 ", AttributeDefinitions: " + QuotePrefix(JoinNames(defined), kQuoteListBytes));
}

// A GSI KeySchema (elems non-empty, the first one HASH): HASH elements, then RANGE elements,
// at most kMaxKeyAttributes of each, no name twice. The messages after the first are the
// engine's (docs/engine.md, "Multi-attribute GSI keys").
ApiResult<KeySchema> MultiAttributeKeySchema(
    const std::vector<std::pair<std::string, std::string>>& elems, const AttributeTypes& defs,
    std::set<std::string>* used) {
  size_t hashes = 0;
  size_t ranges = 0;
  std::set<std::string> names;
  for (const auto& [name, type] : elems) {
    if (type == "HASH") {
      if (ranges > 0) {
        return ApiError::Validation(
            "Invalid KeySchema: HASH KeySchemaElements must all come before the RANGE "
            "KeySchemaElements");
      }
      ++hashes;
    } else {
      ++ranges;
    }
    if (!names.insert(name).second) {
      return ApiError::Validation(
          "Invalid KeySchema: Some KeySchemaElements have the same name: " + QuotePrefix(name));
    }
  }
  if (hashes > kMaxKeyAttributes || ranges > kMaxKeyAttributes) {
    return ApiError::Validation(
        std::string("Invalid KeySchema: A global secondary index may have at most ") +
        std::to_string(kMaxKeyAttributes) + " " + (hashes > kMaxKeyAttributes ? "HASH" : "RANGE") +
        " KeySchemaElements");
  }
  SB_TRY_STATUS(CheckDefined(elems, defs));
  KeySchema k;
  for (size_t i = 0; i < elems.size(); ++i) {
    KeyElement e{elems[i].first, defs.find(elems[i].first)->second};
    if (i == 0) {
      k.hash = std::move(e);
    } else if (i < hashes) {
      k.hash_rest.push_back(std::move(e));
    } else if (i == hashes) {
      k.range = std::move(e);
    } else {
      k.range_rest.push_back(std::move(e));
    }
  }
  if (used != nullptr) {
    for (const auto& [name, type] : elems) used->insert(name);
  }
  return k;
}

}  // namespace

ApiResult<KeySchema> ParseKeySchema(const json::array* a, std::string_view path,
                                    const AttributeTypes& defs, std::set<std::string>* used,
                                    bool multi_attribute) {
  Violations v;
  if (a == nullptr) {
    v.Add(path, std::nullopt, "Member must not be null");
    return Fail(v.ToStatus().error());
  }
  // KeySchema: 1..2 elements for a table or an LSI; a GSI's up to 4 HASH + 4 RANGE.
  const size_t max_elems = multi_attribute ? 2 * kMaxKeyAttributes : 2;
  if (a->empty()) v.Add(path, "[]", "Member must have length greater than or equal to 1");
  if (a->size() > max_elems) {
    v.Add(path, "[...]", "Member must have length less than or equal to " +
                             std::to_string(max_elems));
  }
  std::vector<std::pair<std::string, std::string>> elems;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_object()) return ApiError::Serialization("KeySchema must hold objects");
    const auto& o = (*a)[i].get_object();
    std::string p = std::string(path) + "." + std::to_string(i + 1) + ".member";
    SB_ASSIGN_OR_RETURN(auto name, OptString(o, "AttributeName"));
    SB_ASSIGN_OR_RETURN(auto type, OptEnum(o, "KeyType", {"HASH", "RANGE"}, v, p + ".keyType"));
    if (!name) v.Add(p + ".attributeName", std::nullopt, "Member must not be null");
    if (!type) v.Add(p + ".keyType", std::nullopt, "Member must not be null");
    if (name && name->empty()) {
      v.Add(p + ".attributeName", *name, "Member must have length greater than or equal to 1");
    }
    // KeySchemaElement.AttributeName: length 1..255 (API reference).
    if (name && name->size() > 255) {
      v.Add(p + ".attributeName", *name, "Member must have length less than or equal to 255");
    }
    if (name && type) elems.emplace_back(*name, *type);
  }
  SB_TRY_STATUS(v.ToStatus());
  if (elems[0].second != "HASH") {
    return ApiError::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (multi_attribute) return MultiAttributeKeySchema(elems, defs, used);
  if (elems.size() == 2) {
    if (elems[1].second != "RANGE") {
      return ApiError::Validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (elems[0].first == elems[1].first) {
      return ApiError::Validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
  }
  SB_TRY_STATUS(CheckDefined(elems, defs));
  KeySchema k;
  k.hash = KeyElement{elems[0].first, defs.find(elems[0].first)->second};
  if (elems.size() == 2) k.range = KeyElement{elems[1].first, defs.find(elems[1].first)->second};
  if (used != nullptr) {
    for (const auto& [name, type] : elems) used->insert(name);
  }
  return k;
}

ApiResult<Projection> ParseProjection(const json::object* p, std::string_view index_name,
                                      std::string_view path) {
  Violations v;
  if (p == nullptr) {
    v.Add(path, std::nullopt, "Member must not be null");
    return Fail(v.ToStatus().error());
  }
  SB_ASSIGN_OR_RETURN(auto type, OptEnum(*p, "ProjectionType", {"ALL", "KEYS_ONLY", "INCLUDE"}, v,
                                         std::string(path) + ".projectionType"));
  SB_ASSIGN_OR_RETURN(const json::array* nka, OptArray(*p, "NonKeyAttributes"));
  SB_TRY_STATUS(v.ToStatus());
  Projection out;
  if (!type) {
    return Invalid("Unknown ProjectionType: null");
  }
  if (*type == "ALL") out.type = ProjectionType::kAll;
  if (*type == "KEYS_ONLY") out.type = ProjectionType::kKeysOnly;
  if (*type == "INCLUDE") out.type = ProjectionType::kInclude;
  if (out.type != ProjectionType::kInclude && nka != nullptr) {
    return Invalid("ProjectionType is " + QuotePrefix(*type) +
                   ", but NonKeyAttributes is specified");
  }
  if (out.type == ProjectionType::kInclude) {
    if (nka == nullptr || nka->empty()) {
      return Invalid("NonKeyAttributes must be specified when ProjectionType is INCLUDE for index: " +
                     std::string(index_name));
    }
    std::set<std::string> seen;
    for (const auto& e : *nka) {
      if (!e.is_string()) return ApiError::Serialization("NonKeyAttributes must hold strings");
      std::string name(e.get_string());
      if (!seen.insert(name).second) {
        return Invalid("Duplicate NonKeyAttribute " + QuotePrefix(name) +
                       " for index: " + std::string(index_name));
      }
      out.non_key_attributes.push_back(std::move(name));
    }
  }
  return out;
}

ApiResult<std::optional<Throughput>> ParseThroughput(const json::object* p,
                                                     std::string_view path) {
  if (p == nullptr) return std::optional<Throughput>();
  Violations v;
  SB_ASSIGN_OR_RETURN(auto r, OptInt(*p, "ReadCapacityUnits"));
  SB_ASSIGN_OR_RETURN(auto w, OptInt(*p, "WriteCapacityUnits"));
  std::string base(path);
  if (!w) v.Add(base + ".writeCapacityUnits", std::nullopt, "Member must not be null");
  if (!r) v.Add(base + ".readCapacityUnits", std::nullopt, "Member must not be null");
  if (w && *w < 1) {
    v.Add(base + ".writeCapacityUnits", std::to_string(*w),
          "Member must have value greater than or equal to 1");
  }
  if (r && *r < 1) {
    v.Add(base + ".readCapacityUnits", std::to_string(*r),
          "Member must have value greater than or equal to 1");
  }
  SB_TRY_STATUS(v.ToStatus());
  return std::optional<Throughput>(Throughput{*r, *w});
}

ApiResult<IndexDef> ParseIndex(const json::object& o, bool global, std::string_view path,
                               const AttributeTypes& defs, std::set<std::string>* used) {
  SB_ASSIGN_OR_RETURN(auto name, OptString(o, "IndexName"));
  Violations v;
  CheckName(std::string(path) + ".indexName", name, v);
  SB_TRY_STATUS(v.ToStatus());
  IndexDef index;
  index.name = *name;
  index.global = global;
  SB_ASSIGN_OR_RETURN(const json::array* ks, OptArray(o, "KeySchema"));
  SB_ASSIGN_OR_RETURN(index.key, ParseKeySchema(ks, std::string(path) + ".keySchema", defs, used,
                                                /*multi_attribute=*/global));
  SB_ASSIGN_OR_RETURN(const json::object* p, OptObject(o, "Projection"));
  SB_ASSIGN_OR_RETURN(index.projection, ParseProjection(p, index.name, std::string(path) + ".projection"));
  SB_ASSIGN_OR_RETURN(const json::object* tp, OptObject(o, "ProvisionedThroughput"));
  if (!global && tp != nullptr) {
    return ApiError::Validation(
        "One or more parameter values were invalid: ProvisionedThroughput should not be "
        "specified for index: " + index.name);
  }
  SB_ASSIGN_OR_RETURN(auto throughput,
                      ParseThroughput(tp, std::string(path) + ".provisionedThroughput"));
  if (throughput) index.throughput = *throughput;
  return index;
}

ApiResult<std::optional<StreamSpec>> ParseStreamSpec(const json::object& request) {
  SB_ASSIGN_OR_RETURN(const json::object* s, OptObject(request, "StreamSpecification"));
  if (s == nullptr) return std::optional<StreamSpec>();
  Violations v;
  SB_ASSIGN_OR_RETURN(auto enabled, OptBool(*s, "StreamEnabled"));
  SB_ASSIGN_OR_RETURN(auto view, OptEnum(*s, "StreamViewType",
                                         {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES",
                                          "KEYS_ONLY"},
                                         v));
  if (!enabled) {
    v.Add("streamSpecification.streamEnabled", std::nullopt, "Member must not be null");
  }
  SB_TRY_STATUS(v.ToStatus());
  StreamSpec spec;
  spec.enabled = *enabled;
  if (spec.enabled) {
    if (!view) {
      return Invalid("StreamSpecification must specify a StreamViewType when StreamEnabled is true");
    }
    spec.view_type = *view;
  } else if (view) {
    return Invalid("StreamSpecification must not specify a StreamViewType when StreamEnabled is false");
  }
  return std::optional<StreamSpec>(spec);
}

protocol::ApiStatus CheckIndexThroughput(const IndexDef& index, BillingMode billing) {
  const bool has_tp = index.throughput.read > 0;
  if (billing == BillingMode::kProvisioned && !has_tp) {
    return Invalid("ProvisionedThroughput is not specified for index: " + index.name);
  }
  if (billing == BillingMode::kPayPerRequest && has_tp) {
    return Invalid("ProvisionedThroughput should not be specified for index: " + index.name +
                   " when BillingMode is PAY_PER_REQUEST");
  }
  return {};
}

}  // namespace sb::engine::ops
