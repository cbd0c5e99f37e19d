// DynamoDB JSON <-> AttributeValue. See json_codec.h.
//
// Decoding runs in two passes, as DynamoDB's front end does:
//  1. shape: every member has the JSON kind its type needs (string for S/N/B, bool for
//     BOOL/NULL, array for sets and L, object for M); failures are SerializationExceptions
//     worded like AWS's Java deserializer (messages reproduced by dynalite from live AWS);
//  2. validation: exactly one datatype, numbers, sets, NULL:true, nesting depth; failures are
//     ValidationExceptions.
// So a request with both kinds of fault reports the serialization fault, wherever it is.
#include "protocol/dynamodb/json_codec.h"

#include "protocol/dynamodb/item_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <optional>

#include "base/quote.h"
#include "protocol/dynamodb/member_shape.h"

namespace sb::protocol {
namespace json = boost::json;
namespace {

// An attribute value may sit inside at most this many L/M containers (docs/dynamodb-wire.md §5).
constexpr int kMaxNesting = 32;

constexpr const char* kInvalid = "One or more parameter values were invalid: ";

std::optional<ApiError> Ok() { return std::nullopt; }

// ---- Pass 1: shape ---------------------------------------------------------------------

// Base64 as DynamoDB checks it (dynalite's reproduction of AWS's messages).
std::optional<ApiError> CheckBase64(const std::string& text) {
  auto fail = [&](const std::string& why) {
    return ApiError::Serialization("'" + QuotePrefix(text) +
                                   "' can not be converted to a Blob: " + why);
  };
  if (text.size() % 4 != 0) {
    return fail("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                std::to_string(text.size()));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (!alnum && c != '+' && c != '/' && c != '=')
      return fail(std::string("Invalid Base64 character: '") + c + "'");
    if (c == '=' && i + 1 < text.size() && text[i + 1] != '=')
      return fail("Invalid Base64 character: '='");
  }
  std::string bytes;
  if (!Base64Decode(text, &bytes) || Base64Encode(bytes) != text) {
    return fail("Invalid last non-pad Base64 character dectected");  // sic, AWS's spelling
  }
  return Ok();
}

// kind: "String" or "Blob" (a Blob is a string of valid base64).
std::optional<ApiError> CheckScalar(const json::value& v, std::string_view kind) {
  if (kind != "Blob") return CheckMemberShape(v, MemberShape::kString);
  if (v.is_bool()) {
    return ApiError::Serialization("class java.lang.Boolean can not be converted to a Blob");
  }
  if (v.is_number()) {
    return ApiError::Serialization("class " + JavaClassForNumber(v) +
                                   " can not be converted to a Blob");
  }
  if (auto e = CheckMemberShape(v, MemberShape::kString)) return e;  // a list or a map
  return CheckBase64(std::string(v.get_string()));
}

std::optional<ApiError> CheckBool(const json::value& v) {
  return CheckMemberShape(v, MemberShape::kBoolean);
}
std::optional<ApiError> CheckList(const json::value& v) {
  return CheckMemberShape(v, MemberShape::kList);
}
std::optional<ApiError> CheckMap(const json::value& v) {
  return CheckMemberShape(v, MemberShape::kMap);
}
std::optional<ApiError> CheckStructure(const json::value& v) {
  return CheckMemberShape(v, MemberShape::kStructure);
}

std::optional<ApiError> CheckValueShape(const json::value& v, int depth);

std::optional<ApiError> CheckMapOfValuesShape(const json::value& v, int depth) {
  if (auto e = CheckMap(v)) return e;
  for (const auto& member : v.get_object()) {
    if (member.value().is_null()) continue;
    if (auto e = CheckValueShape(member.value(), depth)) return e;
  }
  return Ok();
}

std::optional<ApiError> CheckValueShape(const json::value& v, int depth) {
  if (v.is_null()) return Ok();  // reported as an empty AttributeValue by pass 2
  if (auto e = CheckStructure(v)) return e;
  // Past the nesting limit pass 2 refuses the value anyway; stop descending (bounds the stack).
  if (depth > kMaxNesting) return Ok();
  for (const auto& member : v.get_object()) {
    const json::value& m = member.value();
    if (m.is_null()) continue;  // a null member counts as absent
    std::string_view key = member.key();
    if (key == "S" || key == "N") {
      if (auto e = CheckScalar(m, "String")) return e;
    } else if (key == "B") {
      if (auto e = CheckScalar(m, "Blob")) return e;
    } else if (key == "BOOL" || key == "NULL") {
      if (auto e = CheckBool(m)) return e;
    } else if (key == "SS" || key == "NS" || key == "BS" || key == "L") {
      if (auto e = CheckList(m)) return e;
      for (const auto& elem : m.get_array()) {
        if (elem.is_null()) continue;
        std::optional<ApiError> e;
        if (key == "L") {
          e = CheckValueShape(elem, depth + 1);
        } else {
          e = CheckScalar(elem, key == "BS" ? "Blob" : "String");
        }
        if (e) return e;
      }
    } else if (key == "M") {
      if (auto e = CheckMapOfValuesShape(m, depth + 1)) return e;
    }
    // Unknown members are ignored, as AWS's deserializer drops them.
  }
  return Ok();
}

// ---- Pass 2: validation and construction ------------------------------------------------

std::string JoinForMessage(const json::array& a) {
  std::string out = "[";
  bool first = true;
  for (const auto& e : a) {
    if (!first) out += ", ";
    first = false;
    if (e.is_string()) {
      out += std::string(e.get_string());
    } else {
      out += "null";
    }
  }
  out += "]";
  return out;
}

bool IsEmptyMember(const json::value& v) { return v.is_null() || v.get_string().empty(); }

ApiResult<AttributeValue> DecodeValue(const json::value& v, int depth);

ApiResult<AttributeValue> DecodeStringSet(const json::array& a) {
  if (a.empty())
    return ApiError::Validation(std::string(kInvalid) + "An string set  may not be empty");
  AttributeValue::StringSet set;
  for (const auto& e : a) {
    if (IsEmptyMember(e)) {
      return ApiError::Validation(std::string(kInvalid) +
                                  "An string set may not have a empty string as a member");
    }
  }
  for (const auto& e : a) {
    if (!set.insert(std::string(e.get_string())).second) {
      return ApiError::Validation(std::string(kInvalid) + "Input collection " +
                                  JoinForMessage(a) + " contains duplicates.");
    }
  }
  return AttributeValue::SS(std::move(set));
}

ApiResult<AttributeValue> DecodeNumberSet(const json::array& a) {
  if (a.empty())
    return ApiError::Validation(std::string(kInvalid) + "An number set  may not be empty");
  std::vector<Number> numbers;
  for (const auto& e : a) {
    if (IsEmptyMember(e)) {
      return ApiError::Validation("The parameter cannot be converted to a numeric value");
    }
    auto n = Number::Parse(e.get_string());
    if (!n.ok()) return ApiError::Validation(n.error().message);
    numbers.push_back(std::move(n).value());
  }
  AttributeValue::NumberSet set;
  for (auto& n : numbers) {
    // Duplicates are numeric: "1" and "1.0" collide (dynalite's wording for NS).
    if (!set.insert(std::move(n)).second) {
      return ApiError::Validation("Input collection contains duplicates");
    }
  }
  return AttributeValue::NS(std::move(set));
}

ApiResult<AttributeValue> DecodeBinarySet(const json::array& a) {
  if (a.empty())
    return ApiError::Validation(std::string(kInvalid) + "Binary sets should not be empty");
  for (const auto& e : a) {
    if (IsEmptyMember(e)) {
      return ApiError::Validation(std::string(kInvalid) +
                                  "Binary sets may not contain null or empty values");
    }
  }
  AttributeValue::BinarySet set;
  for (const auto& e : a) {
    std::string bytes;
    Base64Decode(e.get_string(), &bytes);  // validated by pass 1
    if (!set.insert(std::move(bytes)).second) {
      // sic: AWS omits the space before "of type BS".
      return ApiError::Validation(std::string(kInvalid) + "Input collection " +
                                  JoinForMessage(a) + "of type BS contains duplicates.");
    }
  }
  return AttributeValue::BS(std::move(set));
}

ApiResult<AttributeValue> DecodeMember(std::string_view key, const json::value& m, int depth) {
  if (key == "S") return AttributeValue::S(std::string(m.get_string()));
  if (key == "N") {
    auto n = Number::Parse(m.get_string());
    if (!n.ok()) return ApiError::Validation(n.error().message);
    return AttributeValue::N(std::move(n).value());
  }
  if (key == "B") {
    std::string bytes;
    Base64Decode(m.get_string(), &bytes);  // validated by pass 1
    return AttributeValue::B(std::move(bytes));
  }
  if (key == "BOOL") return AttributeValue::Bool(m.get_bool());
  if (key == "NULL") {
    if (!m.get_bool()) {
      return ApiError::Validation(std::string(kInvalid) +
                                  "Null attribute value types must have the value of true");
    }
    return AttributeValue::MakeNull();
  }
  if (key == "SS") return DecodeStringSet(m.get_array());
  if (key == "NS") return DecodeNumberSet(m.get_array());
  if (key == "BS") return DecodeBinarySet(m.get_array());
  // L or M: children sit one level deeper.
  if (depth >= kMaxNesting) {
    return ApiError::Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  if (key == "L") {
    AttributeList list;
    for (const auto& e : m.get_array()) {
      SB_ASSIGN_OR_RETURN(AttributeValue child, DecodeValue(e, depth + 1));
      list.push_back(std::move(child));
    }
    return AttributeValue::L(std::move(list));
  }
  AttributeMap map;
  for (const auto& member : m.get_object()) {
    SB_ASSIGN_OR_RETURN(AttributeValue child, DecodeValue(member.value(), depth + 1));
    map.insert_or_assign(std::string(member.key()), std::move(child));
  }
  return AttributeValue::M(std::move(map));
}

bool IsKnownType(std::string_view key) {
  static constexpr std::string_view kTypes[] = {"S", "N", "B",  "BOOL", "NULL",
                                                "M", "L", "SS", "NS",   "BS"};
  return std::find(std::begin(kTypes), std::end(kTypes), key) != std::end(kTypes);
}

// `depth`: the number of L/M containers around this value.
ApiResult<AttributeValue> DecodeValue(const json::value& v, int depth) {
  int count = 0;
  std::optional<AttributeValue> result;
  if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      if (member.value().is_null() || !IsKnownType(member.key())) continue;
      ++count;
      SB_ASSIGN_OR_RETURN(AttributeValue decoded,
                          DecodeMember(member.key(), member.value(), depth));
      if (!result) result = std::move(decoded);
    }
  }
  if (count == 0) {
    return ApiError::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    return ApiError::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes");
  }
  return std::move(*result);
}

// ---- Base64 -----------------------------------------------------------------------------

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Index(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

ApiResult<AttributeValue> DecodeAttributeValue(const json::value& json) {
  if (auto e = CheckValueShape(json, 0)) return *e;
  return DecodeValue(json, 0);
}

ApiResult<Item> DecodeItem(const json::value& json) {
  if (auto e = CheckMapOfValuesShape(json, 0)) return *e;
  Item item;
  for (const auto& member : json.get_object()) {
    SB_ASSIGN_OR_RETURN(AttributeValue v, DecodeValue(member.value(), 0));
    item.insert_or_assign(std::string(member.key()), std::move(v));
  }
  return item;
}

json::value EncodeAttributeValue(const AttributeValue& v) {
  json::object o;
  switch (v.type()) {
    case AttrType::S:
      o["S"] = v.s();
      break;
    case AttrType::N:
      o["N"] = v.n().ToString();
      break;
    case AttrType::B:
      o["B"] = Base64Encode(v.b());
      break;
    case AttrType::BOOL:
      o["BOOL"] = v.boolean();
      break;
    case AttrType::NUL:
      o["NULL"] = true;
      break;
    case AttrType::M:
      o["M"] = EncodeItem(v.m());
      break;
    case AttrType::L: {
      json::array a;
      a.reserve(v.l().size());
      for (const auto& e : v.l()) a.push_back(EncodeAttributeValue(e));
      o["L"] = std::move(a);
      break;
    }
    case AttrType::SS: {
      json::array a;
      for (const auto& s : v.ss()) a.emplace_back(s);
      o["SS"] = std::move(a);
      break;
    }
    case AttrType::NS: {
      json::array a;
      for (const auto& n : v.ns()) a.emplace_back(n.ToString());
      o["NS"] = std::move(a);
      break;
    }
    case AttrType::BS: {
      json::array a;
      for (const auto& b : v.bs()) a.emplace_back(Base64Encode(b));
      o["BS"] = std::move(a);
      break;
    }
  }
  return o;
}

json::value EncodeItem(const Item& item) {
  json::object o;
  o.reserve(item.size());
  for (const auto& [name, v] : item) o[name] = EncodeAttributeValue(v);
  return o;
}

ApiResult<Item> ParseItemJson(std::string_view text) {
  json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return ApiError::Serialization("Invalid JSON: " + ec.message());
  return DecodeItem(v);
}

std::string ItemToJson(const Item& item) {
  std::string out;
  AppendItemJson(out, item);  // the same text as json::serialize(EncodeItem(item))
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

// Strict: length a multiple of 4, standard alphabet, '=' only as one or two final pads.
// Non-zero bits in the last character's unused part are tolerated here (CheckBase64 above
// refuses them for DynamoDB input by re-encoding).
bool Base64Decode(std::string_view text, std::string* out) {
  out->clear();
  if (text.size() % 4 != 0) return false;
  size_t pads = 0;
  if (!text.empty() && text.back() == '=') ++pads;
  if (pads == 1 && text.size() >= 2 && text[text.size() - 2] == '=') ++pads;
  out->reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int v[4];
    for (int k = 0; k < 4; ++k) {
      char c = text[i + static_cast<size_t>(k)];
      if (c == '=' && last && k >= 4 - static_cast<int>(pads)) {
        v[k] = 0;
        continue;
      }
      v[k] = Base64Index(c);
      if (v[k] < 0) {
        out->clear();
        return false;
      }
    }
    uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                 (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out->push_back(static_cast<char>((n >> 16) & 0xff));
    if (!last || pads < 2) out->push_back(static_cast<char>((n >> 8) & 0xff));
    if (!last || pads < 1) out->push_back(static_cast<char>(n & 0xff));
  }
  return true;
}

}  // namespace sb::protocol
