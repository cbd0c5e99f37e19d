#include "protocol/dynamodb/member_shape.h"

#include <boost/json.hpp>
#include <cctype>
#include <cmath>

#include "base/quote.h"

namespace sb::protocol {

namespace json = boost::json;

std::string JavaClassForNumber(const json::value& v) {
  double d = v.to_number<double>();
  if (v.is_double() && std::trunc(d) != d) return "java.lang.Double";
  if (d >= -32768 && d <= 32767) return "java.lang.Short";
  if (d >= -2147483648.0 && d <= 2147483647.0) return "java.lang.Integer";
  return "java.lang.Long";
}

namespace {

ApiError Fail(std::string message) { return ApiError::Serialization(std::move(message)); }

constexpr const char* kListHere = "Start of list found where not expected";
constexpr const char* kMapHere = "Start of structure or map found where not expected.";

// A scalar target ("String", "Boolean", "Integer") given `v` of another kind.
std::optional<ApiError> Scalar(const json::value& v, const std::string& java_type) {
  if (v.is_array()) return Fail(kListHere);
  if (v.is_object()) return Fail(kMapHere);
  std::string from;
  if (v.is_bool()) {
    from = "class java.lang.Boolean";
  } else if (v.is_number()) {
    from = "class " + JavaClassForNumber(v);
  } else {
    from = "class java.lang.String";
  }
  return Fail(from + " can not be converted to an " + java_type);
}

}  // namespace

std::optional<ApiError> CheckMemberShape(const json::value& v, MemberShape shape) {
  if (v.is_null()) return std::nullopt;
  switch (shape) {
    case MemberShape::kString:
      if (v.is_string()) return std::nullopt;
      return Scalar(v, "String");
    case MemberShape::kBoolean:
      if (v.is_bool()) return std::nullopt;
      if (v.is_string()) {
        std::string upper(v.get_string());
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return Fail("'" + QuotePrefix(upper) + "' can not be converted to an Boolean");
      }
      return Scalar(v, "Boolean");
    case MemberShape::kInteger:
      if (v.is_number()) return std::nullopt;
      return Scalar(v, "Integer");
    case MemberShape::kList:
      if (v.is_array()) return std::nullopt;
      if (v.is_object()) return Fail(kMapHere);
      return Fail("Expected list or null");
    case MemberShape::kMap:
      if (v.is_object()) return std::nullopt;
      if (v.is_array()) return Fail(kListHere);
      return Fail("Expected map or null");
    case MemberShape::kStructure:
      if (v.is_object()) return std::nullopt;
      if (v.is_array()) return Fail(kListHere);
      return Fail("Expected null");
  }
  return std::nullopt;
}

}  // namespace sb::protocol
