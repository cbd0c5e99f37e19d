// Tests for protocol/dynamodb/json_codec.h: every validation path with DynamoDB's wording,
// canonical encoding, base64, nesting depth, and randomized encode/decode round trips.
#include "protocol/dynamodb/json_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "base/random.h"
#include "protocol/dynamodb/item_json.h"

namespace sb::protocol {
namespace {

namespace json = boost::json;

json::value Parse(std::string_view text) {
  json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  return json::parse(text, {}, options);
}

// Decodes one AttributeValue and re-encodes it, or describes the error as "Type: message".
std::string RoundTrip(std::string_view text) {
  auto r = DecodeAttributeValue(Parse(text));
  if (!r.ok()) return r.error().type + ": " + r.error().message;
  return json::serialize(EncodeAttributeValue(*r));
}

std::string ErrorOf(std::string_view text) {
  auto r = DecodeAttributeValue(Parse(text));
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().http_status, 400);
  return r.error().type + ": " + r.error().message;
}

const std::string kInvalid = "ValidationException: One or more parameter values were invalid: ";

TEST(JsonCodec, DecodesEveryTypeCanonically) {
  EXPECT_EQ(RoundTrip(R"({"S":"hi"})"), R"({"S":"hi"})");
  EXPECT_EQ(RoundTrip(R"({"S":""})"), R"({"S":""})");  // empty strings are legal outside keys
  EXPECT_EQ(RoundTrip(R"({"N":"1.50"})"), R"({"N":"1.5"})");
  EXPECT_EQ(RoundTrip(R"({"N":"1e3"})"), R"({"N":"1000"})");
  EXPECT_EQ(RoundTrip(R"({"B":"aGk="})"), R"({"B":"aGk="})");
  EXPECT_EQ(RoundTrip(R"({"B":""})"), R"({"B":""})");
  EXPECT_EQ(RoundTrip(R"({"BOOL":false})"), R"({"BOOL":false})");
  EXPECT_EQ(RoundTrip(R"({"NULL":true})"), R"({"NULL":true})");
  EXPECT_EQ(RoundTrip(R"({"SS":["b","a","c"]})"), R"({"SS":["a","b","c"]})");
  EXPECT_EQ(RoundTrip(R"({"NS":["10","9","-1.0"]})"), R"({"NS":["-1","9","10"]})");
  EXPECT_EQ(RoundTrip(R"({"BS":["Yg==","YQ=="]})"), R"({"BS":["YQ==","Yg=="]})");
  EXPECT_EQ(RoundTrip(R"({"L":[{"S":"x"},{"N":"1"}]})"), R"({"L":[{"S":"x"},{"N":"1"}]})");
  EXPECT_EQ(RoundTrip(R"({"L":[]})"), R"({"L":[]})");
  EXPECT_EQ(RoundTrip(R"({"M":{"b":{"N":"2"},"a":{"NULL":true}}})"),
            R"({"M":{"a":{"NULL":true},"b":{"N":"2"}}})");
  EXPECT_EQ(RoundTrip(R"({"M":{}})"), R"({"M":{}})");
  // Null members count as absent; unknown members are ignored.
  EXPECT_EQ(RoundTrip(R"({"S":"x","N":null})"), R"({"S":"x"})");
  EXPECT_EQ(RoundTrip(R"({"S":"x","Foo":1})"), R"({"S":"x"})");
}

TEST(JsonCodec, DecodedValuesHaveTheRightTypes) {
  auto v = DecodeAttributeValue(Parse(R"({"B":"AAEC/w=="})"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->type(), AttrType::B);
  EXPECT_EQ(v->b(), std::string("\x00\x01\x02\xff", 4));
  auto n = DecodeAttributeValue(Parse(R"({"N":"-0.50"})"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->n().ToString(), "-0.5");
}

TEST(JsonCodec, ValidationErrors) {
  EXPECT_EQ(ErrorOf(R"({})"),
            "ValidationException: Supplied AttributeValue is empty, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(ErrorOf(R"({"S":null})"), ErrorOf("{}"));
  EXPECT_EQ(ErrorOf(R"({"Foo":"x"})"), ErrorOf("{}"));
  EXPECT_EQ(ErrorOf("null"), ErrorOf("{}"));
  EXPECT_EQ(ErrorOf(R"({"S":"a","N":"1"})"),
            "ValidationException: Supplied AttributeValue has more than one datatypes set, must "
            "contain exactly one of the supported datatypes");
  // A member's own fault is reported before "more than one datatype".
  EXPECT_EQ(ErrorOf(R"({"S":"a","N":"x"})"),
            "ValidationException: The parameter cannot be converted to a numeric value: x");
  EXPECT_EQ(ErrorOf(R"({"N":""})"),
            "ValidationException: The parameter cannot be converted to a numeric value");
  EXPECT_EQ(ErrorOf(R"({"N":"1E126"})"),
            "ValidationException: Number overflow. Attempting to store a number with magnitude "
            "larger than supported range");
  EXPECT_EQ(ErrorOf(R"({"N":"1E-131"})"),
            "ValidationException: Number underflow. Attempting to store a number with magnitude "
            "smaller than supported range");
  EXPECT_EQ(ErrorOf(R"({"N":"123456789012345678901234567890123456789"})"),
            "ValidationException: Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(ErrorOf(R"({"NULL":false})"),
            kInvalid + "Null attribute value types must have the value of true");
  EXPECT_EQ(ErrorOf(R"({"SS":[]})"), kInvalid + "An string set  may not be empty");
  EXPECT_EQ(ErrorOf(R"({"NS":[]})"), kInvalid + "An number set  may not be empty");
  EXPECT_EQ(ErrorOf(R"({"BS":[]})"), kInvalid + "Binary sets should not be empty");
  EXPECT_EQ(ErrorOf(R"({"SS":["a",""]})"),
            kInvalid + "An string set may not have a empty string as a member");
  EXPECT_EQ(ErrorOf(R"({"SS":["a",null]})"),
            kInvalid + "An string set may not have a empty string as a member");
  EXPECT_EQ(ErrorOf(R"({"BS":["YQ==",""]})"),
            kInvalid + "Binary sets may not contain null or empty values");
  EXPECT_EQ(ErrorOf(R"({"NS":["1",""]})"),
            "ValidationException: The parameter cannot be converted to a numeric value");
  EXPECT_EQ(ErrorOf(R"({"NS":["1","z"]})"),
            "ValidationException: The parameter cannot be converted to a numeric value: z");
  EXPECT_EQ(ErrorOf(R"({"SS":["a","b","a"]})"),
            kInvalid + "Input collection [a, b, a] contains duplicates.");
  // NS duplicates are numeric: 1 and 1.0 are the same member.
  EXPECT_EQ(ErrorOf(R"({"NS":["1","1.0"]})"),
            "ValidationException: Input collection contains duplicates");
  EXPECT_EQ(ErrorOf(R"({"BS":["YQ==","YQ=="]})"),
            kInvalid + "Input collection [YQ==, YQ==]of type BS contains duplicates.");
  // Errors deep inside documents surface as they are.
  EXPECT_EQ(ErrorOf(R"({"M":{"a":{"L":[{"S":"ok"},{}]}}})"), ErrorOf("{}"));
  EXPECT_EQ(ErrorOf(R"({"L":[null]})"), ErrorOf("{}"));
  EXPECT_EQ(ErrorOf(R"({"M":{"a":{"NULL":false}}})"),
            kInvalid + "Null attribute value types must have the value of true");
}

TEST(JsonCodec, SerializationErrors) {
  const std::string ser = "SerializationException: ";
  EXPECT_EQ(ErrorOf(R"("x")"), ser + "Expected null");
  EXPECT_EQ(ErrorOf(R"([])"), ser + "Start of list found where not expected");
  EXPECT_EQ(ErrorOf(R"({"S":1})"), ser + "class java.lang.Short can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"S":100000})"),
            ser + "class java.lang.Integer can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"S":10000000000})"),
            ser + "class java.lang.Long can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"N":1.5})"),
            ser + "class java.lang.Double can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"S":true})"),
            ser + "class java.lang.Boolean can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"S":{}})"), ser + "Start of structure or map found where not expected.");
  EXPECT_EQ(ErrorOf(R"({"S":[]})"), ser + "Start of list found where not expected");
  EXPECT_EQ(ErrorOf(R"({"B":true})"),
            ser + "class java.lang.Boolean can not be converted to a Blob");
  EXPECT_EQ(ErrorOf(R"({"BOOL":"yes"})"), ser + "'YES' can not be converted to an Boolean");
  EXPECT_EQ(ErrorOf(R"({"NULL":1})"),
            ser + "class java.lang.Short can not be converted to an Boolean");
  EXPECT_EQ(ErrorOf(R"({"BOOL":[]})"), ser + "Start of list found where not expected");
  EXPECT_EQ(ErrorOf(R"({"SS":"a"})"), ser + "Expected list or null");
  EXPECT_EQ(ErrorOf(R"({"L":{}})"), ser + "Start of structure or map found where not expected.");
  EXPECT_EQ(ErrorOf(R"({"M":[]})"), ser + "Start of list found where not expected");
  EXPECT_EQ(ErrorOf(R"({"M":"a"})"), ser + "Expected map or null");
  EXPECT_EQ(ErrorOf(R"({"SS":[1]})"),
            ser + "class java.lang.Short can not be converted to an String");
  EXPECT_EQ(ErrorOf(R"({"L":["x"]})"), ser + "Expected null");
  EXPECT_EQ(ErrorOf(R"({"M":{"a":"x"}})"), ser + "Expected null");
  // Serialization faults win over validation faults anywhere in the value.
  EXPECT_EQ(ErrorOf(R"({"L":[{"NULL":false},{"S":1}]})"),
            ser + "class java.lang.Short can not be converted to an String");
}

TEST(JsonCodec, Base64Errors) {
  const std::string blob = "SerializationException: 'QQ=' can not be converted to a Blob: ";
  EXPECT_EQ(ErrorOf(R"({"B":"QQ="})"),
            blob + "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  EXPECT_EQ(ErrorOf(R"({"B":"QQ*="})"),
            "SerializationException: 'QQ*=' can not be converted to a Blob: Invalid Base64 "
            "character: '*'");
  EXPECT_EQ(ErrorOf(R"({"B":"Q=QQ"})"),
            "SerializationException: 'Q=QQ' can not be converted to a Blob: Invalid Base64 "
            "character: '='");
  EXPECT_EQ(ErrorOf(R"({"B":"QR=="})"),
            "SerializationException: 'QR==' can not be converted to a Blob: Invalid last non-pad "
            "Base64 character dectected");
  EXPECT_EQ(ErrorOf(R"({"BS":["YQ==","Y"]})"),
            "SerializationException: 'Y' can not be converted to a Blob: Base64 encoded length is "
            "expected a multiple of 4 bytes but found: 1");
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    std::string out = "junk";
    ASSERT_TRUE(Base64Decode(encoded, &out)) << encoded;
    EXPECT_EQ(out, plain);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("Zg=", &out));
  EXPECT_FALSE(Base64Decode("Zg=a", &out));
  EXPECT_FALSE(Base64Decode("Z===", &out));
  EXPECT_FALSE(Base64Decode("Zm9v!A==", &out));
  EXPECT_FALSE(Base64Decode("Zg==Zg==", &out));
  EXPECT_FALSE(Base64Decode("Zm-v", &out));  // URL-safe alphabet is not DynamoDB's
}

TEST(Base64, AllByteValuesRoundTrip) {
  SeededRandom rnd(3);
  for (int len = 0; len < 300; ++len) {
    std::string bytes;
    for (int i = 0; i < len; ++i) bytes.push_back(static_cast<char>(rnd.Uniform(256)));
    std::string out;
    ASSERT_TRUE(Base64Decode(Base64Encode(bytes), &out));
    EXPECT_EQ(out, bytes);
  }
}

std::string Nested(int containers, bool lists) {
  std::string text = R"({"S":"leaf"})";
  for (int i = 0; i < containers; ++i) {
    text = lists ? R"({"L":[)" + text + "]}" : R"({"M":{"k":)" + text + "}}";
  }
  return text;
}

TEST(JsonCodec, NestingDepthLimitIs32) {
  const std::string kTooDeep =
      "ValidationException: Nesting Levels have exceeded supported limits: Attributes in the "
      "item have nested levels beyond supported limit";
  EXPECT_EQ(ErrorOf(Nested(32, false)), "ok");
  EXPECT_EQ(ErrorOf(Nested(32, true)), "ok");
  EXPECT_EQ(ErrorOf(Nested(33, false)), kTooDeep);
  EXPECT_EQ(ErrorOf(Nested(33, true)), kTooDeep);
  EXPECT_EQ(ErrorOf(Nested(60, true)), kTooDeep);
  // The same limit applies to a top-level item attribute.
  auto item = ParseItemJson(R"({"a":)" + Nested(33, false) + "}");
  ASSERT_FALSE(item.ok());
  EXPECT_EQ("ValidationException: " + item.error().message, kTooDeep);
  EXPECT_TRUE(ParseItemJson(R"({"a":)" + Nested(32, false) + "}").ok());
}

TEST(JsonCodec, ItemDecodeAndText) {
  auto item =
      ParseItemJson(R"({"playerId":{"S":"p1"},"score":{"N":"1500.0"},"tags":{"SS":["b","a"]}})");
  ASSERT_TRUE(item.ok()) << item.error().message;
  EXPECT_EQ(item->size(), 3u);
  EXPECT_EQ(item->at("score").n().ToString(), "1500");
  EXPECT_EQ(ItemToJson(*item),
            R"({"playerId":{"S":"p1"},"score":{"N":"1500"},"tags":{"SS":["a","b"]}})");
  EXPECT_EQ(ItemToJson({}), "{}");

  auto bad = ParseItemJson(R"({"a":{"S":"x"},"b":{}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().type, "ValidationException");
  auto not_json = ParseItemJson(R"({"a":)");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().type, "SerializationException");
  auto list = ParseItemJson("[]");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().message, "Start of list found where not expected");
  auto scalar = ParseItemJson("3");
  ASSERT_FALSE(scalar.ok());
  EXPECT_EQ(scalar.error().message, "Expected map or null");
  auto null_attr = DecodeItem(Parse(R"({"a":null})"));
  ASSERT_FALSE(null_attr.ok());
  EXPECT_EQ(
      null_attr.error().message,
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

// ---- Randomized round trip: any value survives encode -> text -> decode unchanged ---------

AttributeValue RandomValue(Random& rnd, int depth) {
  auto str = [&] {
    std::string s;
    int len = static_cast<int>(rnd.Uniform(6));
    for (int i = 0; i < len; ++i)
      s.push_back(static_cast<char>(rnd.Uniform(2) ? 'a' + rnd.Uniform(26) : rnd.Uniform(128)));
    return s;
  };
  auto bytes = [&] {
    std::string s;
    int len = static_cast<int>(rnd.Uniform(6));
    for (int i = 0; i < len; ++i) s.push_back(static_cast<char>(rnd.Uniform(256)));
    return s;
  };
  auto num = [&] {
    std::string t = std::to_string(static_cast<int64_t>(rnd.Next() >> 1) - (1LL << 62)) + "e" +
                    std::to_string(static_cast<int>(rnd.Uniform(200)) - 120);
    return Number::Parse(t).value();
  };
  int kind = static_cast<int>(rnd.Uniform(depth >= 4 ? 8 : 10));
  switch (kind) {
    case 0:
      return AttributeValue::S(str());
    case 1:
      return AttributeValue::N(num());
    case 2:
      return AttributeValue::B(bytes());
    case 3:
      return AttributeValue::Bool(rnd.Uniform(2) == 0);
    case 4:
      return AttributeValue::MakeNull();
    case 5: {
      AttributeValue::StringSet s;
      while (s.empty() || rnd.Uniform(3) != 0) s.insert(str() + "x");
      return AttributeValue::SS(std::move(s));
    }
    case 6: {
      AttributeValue::NumberSet s;
      while (s.empty() || rnd.Uniform(3) != 0) s.insert(num());
      return AttributeValue::NS(std::move(s));
    }
    case 7: {
      AttributeValue::BinarySet s;
      while (s.empty() || rnd.Uniform(3) != 0) s.insert(bytes() + "\x01");
      return AttributeValue::BS(std::move(s));
    }
    case 8: {
      AttributeList l;
      int n = static_cast<int>(rnd.Uniform(4));
      for (int i = 0; i < n; ++i) l.push_back(RandomValue(rnd, depth + 1));
      return AttributeValue::L(std::move(l));
    }
    default: {
      AttributeMap m;
      int n = static_cast<int>(rnd.Uniform(4));
      for (int i = 0; i < n; ++i) m[str()] = RandomValue(rnd, depth + 1);
      return AttributeValue::M(std::move(m));
    }
  }
}

TEST(JsonCodec, RandomItemsRoundTrip) {
  SeededRandom rnd(11);
  for (int iter = 0; iter < 2000; ++iter) {
    Item item;
    int n = 1 + static_cast<int>(rnd.Uniform(5));
    for (int i = 0; i < n; ++i) item["a" + std::to_string(i)] = RandomValue(rnd, 0);
    std::string text = ItemToJson(item);
    auto back = ParseItemJson(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
    ASSERT_EQ(*back, item) << text;
    ASSERT_EQ(ItemToJson(*back), text);  // encoding is canonical
  }
}

// protocol/dynamodb/item_json.h writes the very text Boost.JSON writes for EncodeItem, for any
// item: every type, nesting, and strings with quotes, backslashes and control characters.
TEST(JsonCodec, DirectItemTextIsTheDocumentsTextByteForByte) {
  SeededRandom rnd(23);
  for (int iter = 0; iter < 3000; ++iter) {
    Item item;
    int n = static_cast<int>(rnd.Uniform(6));
    for (int i = 0; i < n; ++i) {
      const std::string name = (iter % 2 ? "a" : "\"\\\n\x01") + std::to_string(i);
      item[name] = RandomValue(rnd, 0);
    }
    std::string direct;
    AppendItemJson(direct, item);
    ASSERT_EQ(direct, json::serialize(EncodeItem(item)));
  }
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls.push_back(static_cast<char>(c));
  Item item{{"s", AttributeValue::S(all_controls + "\"\\/\x7f\xc3\xa9")}};
  std::string direct;
  AppendItemJson(direct, item);
  EXPECT_EQ(direct, json::serialize(EncodeItem(item)));
  EXPECT_NE(direct.find("\\u001f"), std::string::npos) << direct;
}

}  // namespace
}  // namespace sb::protocol
