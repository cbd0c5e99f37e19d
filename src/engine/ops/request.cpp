#include "engine/ops/request.h"

#include <boost/json.hpp>
#include <cctype>

#include "base/quote.h"
#include "engine/expr/placeholders.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;

void Violations::Add(std::string_view path, std::optional<std::string_view> value,
                     std::string_view constraint) {
  std::string s = "Value ";
  if (value) {
    s.append("'").append(QuotePrefix(*value)).append("'");
  } else {
    s.append("null");
  }
  s.append(" at '")
      .append(QuotePrefix(path, kQuotePathBytes))
      .append("' failed to satisfy constraint: ")
      .append(constraint);
  list_.push_back(std::move(s));
}

ApiStatus Violations::ToStatus() const {
  if (list_.empty()) return {};
  std::string msg = std::to_string(list_.size()) +
                    (list_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < list_.size(); ++i) {
    if (i > 0) msg += "; ";
    msg += list_[i];
  }
  return ApiError::Validation(std::move(msg));
}

std::string MemberPath(std::string_view key) {
  std::string s(key);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

const json::value* FindMember(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

ApiError MemberTypeError(std::string_view key, std::string_view expected) {
  return ApiError::Serialization("Unexpected value type for " + std::string(key) +
                                 ": expected " + std::string(expected));
}

ApiResult<std::optional<std::string>> OptString(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return MemberTypeError(key, "a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

ApiResult<std::optional<bool>> OptBool(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return std::optional<bool>();
  if (!v->is_bool()) return MemberTypeError(key, "a boolean");
  return std::optional<bool>(v->get_bool());
}

ApiResult<std::optional<int64_t>> OptInt(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  }
  if (v->is_double() && v->get_double() == static_cast<double>(static_cast<int64_t>(v->get_double()))) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_double()));
  }
  return MemberTypeError(key, "an integer");
}

ApiResult<const json::object*> OptObject(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return static_cast<const json::object*>(nullptr);
  if (!v->is_object()) return MemberTypeError(key, "an object");
  return &v->get_object();
}

ApiResult<const json::array*> OptArray(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return static_cast<const json::array*>(nullptr);
  if (!v->is_array()) return MemberTypeError(key, "a list");
  return &v->get_array();
}

ApiResult<std::optional<protocol::Item>> OptItem(const json::object& o, std::string_view key) {
  const json::value* v = FindMember(o, key);
  if (v == nullptr) return std::optional<protocol::Item>();
  if (!v->is_object()) return MemberTypeError(key, "a map");
  SB_ASSIGN_OR_RETURN(protocol::Item item, protocol::DecodeItem(*v));
  return std::optional<protocol::Item>(std::move(item));
}

namespace {

// DynamoDB's table and index name rule: length 3..255, pattern [a-zA-Z0-9_.-]+.
constexpr std::string_view kNamePattern =
    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
constexpr std::string_view kNameTooShort = "Member must have length greater than or equal to 3";
constexpr std::string_view kNameTooLong = "Member must have length less than or equal to 255";

bool NamePatternOk(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

void CheckName(std::string_view path, const std::optional<std::string>& name, Violations& v,
               bool required) {
  if (!name) {
    if (required) v.Add(path, std::nullopt, "Member must not be null");
    return;
  }
  if (!NamePatternOk(*name)) v.Add(path, *name, kNamePattern);
  if (name->size() < 3) v.Add(path, *name, kNameTooShort);
  if (name->size() > 255) v.Add(path, *name, kNameTooLong);
}

void CheckMapKeyName(std::string_view path, std::string_view name, Violations& v) {
  if (NamePatternOk(name) && name.size() >= 3 && name.size() <= 255) return;
  v.Add(path, name,
        "Map keys must satisfy constraint: [" + std::string(kNameTooLong) + ", " +
            std::string(kNameTooShort) + ", " + std::string(kNamePattern) + "]");
}

std::string TableNotFoundMessage(std::string_view name) {
  return "Requested resource not found: Table: " + QuotePrefix(name) + " not found";
}

ApiResult<std::string> TableNameParam(const json::object& o) {
  SB_ASSIGN_OR_RETURN(auto name, OptString(o, "TableName"));
  Violations v;
  CheckName("tableName", name, v);
  SB_TRY_STATUS(v.ToStatus());
  return *name;
}

ApiResult<std::optional<std::string>> OptEnum(const json::object& o, std::string_view key,
                                              std::initializer_list<std::string_view> allowed,
                                              Violations& v, std::string_view path) {
  SB_ASSIGN_OR_RETURN(auto value, OptString(o, key));
  if (!value) return value;
  for (auto a : allowed) {
    if (*value == a) return value;
  }
  std::string set = "Member must satisfy enum value set: [";
  bool first = true;
  for (auto a : allowed) {
    if (!first) set += ", ";
    set += a;
    first = false;
  }
  set += "]";
  v.Add(path.empty() ? MemberPath(key) : std::string(path), *value, set);
  return value;
}

ApiResult<std::shared_ptr<const TableDef>> LookupTable(Context& ctx, std::string_view name,
                                                       std::string_view message) {
  auto def = ctx.store->FindTable(name);
  if (!def) return ApiError::ResourceNotFound(std::string(message));
  return def;
}

ApiResult<ExpressionMaps> ReadExpressionMaps(const json::object& o) {
  ExpressionMaps m;
  SB_ASSIGN_OR_RETURN(const json::object* names, OptObject(o, "ExpressionAttributeNames"));
  if (names != nullptr) {
    m.names.emplace();
    for (const auto& kv : *names) {
      if (!kv.value().is_string()) return MemberTypeError("ExpressionAttributeNames", "string values");
      m.names->emplace(std::string(kv.key()), std::string(kv.value().get_string()));
    }
  }
  const json::value* values = FindMember(o, "ExpressionAttributeValues");
  if (values == nullptr) return m;
  if (!values->is_object()) return MemberTypeError("ExpressionAttributeValues", "a map");
  // A bad key is reported before a bad value (expr::Placeholders checks the keys again, with
  // the names, once the expressions are known).
  for (const auto& kv : values->get_object()) {
    SB_TRY_STATUS(expr::CheckPlaceholderKey("ExpressionAttributeValues", kv.key(), ':'));
  }
  m.values.emplace();
  for (const auto& kv : values->get_object()) {
    ApiResult<protocol::AttributeValue> value = protocol::DecodeAttributeValue(kv.value());
    if (!value.ok()) {
      ApiError e = std::move(value).error();
      if (e.type == "ValidationException") {
        e.message = "ExpressionAttributeValues contains invalid value: " + e.message +
                    " for key " + std::string(kv.key());
      }
      return e;
    }
    m.values->emplace(std::string(kv.key()), std::move(value).value());
  }
  return m;
}

}  // namespace sb::engine::ops
