// Tests for protocol/streams/stream_record.h: decoding AWS-shaped records (strict where the
// consumer relies on fields, lenient elsewhere), canonical encoding and SizeBytes.
#include "protocol/streams/stream_record.h"

#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <functional>
#include <random>
#include <set>

namespace sb::protocol {
namespace {

// A constructed NEW_IMAGE record (docs/streams-wire.md §6.1; plus the eventSourceARN Lambda adds).
constexpr std::string_view kExample =
    R"({"eventID":"7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c","eventName":"MODIFY","eventVersion":"1.1",)"
    R"("eventSource":"aws:dynamodb","awsRegion":"us-east-1",)"
    R"("dynamodb":{"ApproximateCreationDateTime":1732550400,"Keys":{"playerId":{"S":"p1"}},)"
    R"("NewImage":{"playerId":{"S":"p1"},"score":{"N":"1500"},"name":{"S":"Ann"}},)"
    R"("SequenceNumber":"400000000000000499660","SizeBytes":34,"StreamViewType":"NEW_IMAGE"},)"
    R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-11-25T00:00:00.000"})";

std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

std::string ErrorOf(std::string_view text) {
  auto r = ParseStreamRecordJson(text);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().code, "InvalidStreamRecord");
  return r.error().message;
}

TEST(StreamRecord, DecodesTheFactsExample) {
  auto r = ParseStreamRecordJson(kExample);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->event_id, "7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c");
  EXPECT_EQ(r->event_name, StreamEventName::kModify);
  EXPECT_EQ(r->event_version, "1.1");
  EXPECT_EQ(r->event_source, "aws:dynamodb");
  EXPECT_EQ(r->aws_region, "us-east-1");
  EXPECT_EQ(r->approximate_creation_date_time, 1732550400);
  ASSERT_EQ(r->keys.size(), 1u);
  EXPECT_EQ(r->keys.at("playerId").s(), "p1");
  ASSERT_TRUE(r->new_image.has_value());
  EXPECT_EQ(r->new_image->at("score").n().ToString(), "1500");
  EXPECT_FALSE(r->old_image.has_value());
  EXPECT_EQ(r->sequence_number, "400000000000000499660");
  EXPECT_EQ(r->size_bytes, 34);
  EXPECT_EQ(r->stream_view_type, StreamViewType::kNewImage);
  EXPECT_FALSE(r->user_identity.has_value());
  EXPECT_EQ(
      r->event_source_arn,
      "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores/stream/2024-11-25T00:00:00.000");
  // Its SizeBytes is the item size of Keys + NewImage.
  EXPECT_EQ(StreamRecordSizeBytes(*r), 34);
}

TEST(StreamRecord, EncodesInAwsFieldOrderAndRoundTrips) {
  auto r = ParseStreamRecordJson(kExample);
  ASSERT_TRUE(r.ok());
  // Images are re-encoded with attributes in name order.
  std::string expected =
      Replace(kExample, R"({"playerId":{"S":"p1"},"score":{"N":"1500"},"name":{"S":"Ann"}})",
              R"({"name":{"S":"Ann"},"playerId":{"S":"p1"},"score":{"N":"1500"}})");
  EXPECT_EQ(StreamRecordToJson(*r), expected);
  auto back = ParseStreamRecordJson(StreamRecordToJson(*r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *r);
}

TEST(StreamRecord, TtlRemoveWithUserIdentityAndOldImage) {
  StreamRecord r;
  r.event_id = "e1";
  r.event_name = StreamEventName::kRemove;
  r.aws_region = "eu-west-1";
  r.approximate_creation_date_time = 1;
  r.keys = {{"Id", AttributeValue::N(Number::FromInt(101))}};
  r.old_image = Item{{"Id", AttributeValue::N(Number::FromInt(101))},
                     {"Message", AttributeValue::S("This item has changed")}};
  r.sequence_number = "222";
  r.size_bytes = StreamRecordSizeBytes(r);
  r.stream_view_type = StreamViewType::kNewAndOldImages;
  r.user_identity = StreamUserIdentity{"Service", "dynamodb.amazonaws.com"};
  EXPECT_EQ(r.size_bytes, 38);  // the Lambda docs' REMOVE example
  std::string text = StreamRecordToJson(r);
  EXPECT_NE(
      text.find(R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})"),
      std::string::npos);
  EXPECT_EQ(text.find("eventSourceARN"), std::string::npos);  // not set: not encoded
  EXPECT_EQ(text.find("NewImage"), std::string::npos);
  auto back = ParseStreamRecordJson(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, r);
}

TEST(StreamRecord, ApproximateCreationDateTimeIsLenient) {
  auto with = [](std::string_view value) {
    auto r = ParseStreamRecordJson(Replace(kExample, "1732550400", value));
    return r.ok() ? std::to_string(r->approximate_creation_date_time)
                  : "error: " + r.error().message;
  };
  EXPECT_EQ(with(R"("1.46480646E9")"), "1464806460");
  EXPECT_EQ(with(R"("1678831218.0")"), "1678831218");
  EXPECT_EQ(with("1.46480646E9"), "1464806460");
  EXPECT_EQ(with("1678831218.75"), "1678831218");  // rounded down
  EXPECT_EQ(with(R"("1678831218.75")"), "1678831218");
  EXPECT_EQ(with("null"), "0");
  EXPECT_EQ(with("true"), "error: dynamodb.ApproximateCreationDateTime: expected a number");
  EXPECT_EQ(with(R"("soon")"), "error: dynamodb.ApproximateCreationDateTime: not a number");
  EXPECT_EQ(with("1e300"), "error: dynamodb.ApproximateCreationDateTime: out of range");
  // Absent entirely: 0.
  auto r =
      ParseStreamRecordJson(Replace(kExample, R"("ApproximateCreationDateTime":1732550400,)", ""));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->approximate_creation_date_time, 0);
}

TEST(StreamRecord, OptionalFieldsMayBeAbsent) {
  auto r = ParseStreamRecordJson(
      R"({"eventName":"INSERT","dynamodb":{"Keys":{"k":{"S":"v"}},"SequenceNumber":"1"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->event_id, "");
  EXPECT_EQ(r->event_source, "");
  EXPECT_EQ(r->size_bytes, 0);
  EXPECT_FALSE(r->stream_view_type.has_value());
}

TEST(StreamRecord, DecodeErrorsNameTheField) {
  EXPECT_EQ(ErrorOf("[]"), "record: expected an object");
  EXPECT_EQ(
      ErrorOf("{"), "record: invalid JSON: " + [] {
        boost::system::error_code ec;
        (void)boost::json::parse("{", ec);
        return ec.message();
      }());
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("eventName":"MODIFY",)", "")),
            "eventName: expected INSERT, MODIFY or REMOVE");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("MODIFY")", R"("UPDATE")")),
            "eventName: expected INSERT, MODIFY or REMOVE");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("eventID":"7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c")",
                            R"("eventID":7)")),
            "eventID: expected a string");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT"})"), "dynamodb: expected an object");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT","dynamodb":[]})"), "dynamodb: expected an object");
  EXPECT_EQ(ErrorOf(R"({"eventName":"INSERT","dynamodb":{"SequenceNumber":"1"}})"),
            "dynamodb.Keys: missing");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("score":{"N":"1500"})", R"("score":{"N":"15x"})")),
            "dynamodb.NewImage: The parameter cannot be converted to a numeric value: 15x");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":{"playerId":{}})")),
      "dynamodb.Keys: Supplied AttributeValue is empty, must contain exactly one of the "
      "supported datatypes");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("400000000000000499660")", R"("4000-1")")),
            "dynamodb.SequenceNumber: expected a string of 1 to 40 decimal digits");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SequenceNumber":"400000000000000499660",)", "")),
            "dynamodb.SequenceNumber: expected a string of 1 to 40 decimal digits");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("400000000000000499660")", "400000000000000499660")),
            "dynamodb.SequenceNumber: expected a string");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SizeBytes":34)", R"("SizeBytes":-1)")),
            "dynamodb.SizeBytes: expected a non-negative integer");
  EXPECT_EQ(ErrorOf(Replace(kExample, R"("SizeBytes":34)", R"("SizeBytes":"34")")),
            "dynamodb.SizeBytes: expected a non-negative integer");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("NEW_IMAGE")", R"("ALL")")),
      "dynamodb.StreamViewType: expected KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
  EXPECT_EQ(
      ErrorOf(Replace(kExample, R"("eventSourceARN":)", R"("userIdentity":5,"eventSourceARN":)")),
      "userIdentity: expected an object");
}

// ---- Reading in place -------------------------------------------------------------------

std::string Describe(const std::optional<AttributeRef>& a) {
  if (!a) return "absent";
  std::string out(AttrTypeName(a->type));
  if (a->type == AttrType::S) out += " '" + std::string(a->s) + "'";
  if (a->type == AttrType::N) out += " " + a->n.ToString();
  return out;
}

// Everything a view can say, as text, reading every attribute `names` lists.
std::string Describe(const StreamRecordView& v, const std::set<std::string>& names) {
  std::string out = std::string(StreamEventNameString(v.event_name())) + " at " +
                    std::to_string(v.approximate_creation_date_time()) + " seq " +
                    std::string(v.sequence_number()) +
                    (v.has_new_image() ? " new image" : " no new image");
  for (const std::string& name : names) {
    out += "; " + name + ": key " + Describe(v.Key(name)) + ", new " +
           Describe(v.NewImageAttribute(name));
  }
  return out;
}

// The contract of ReadStreamRecordInPlace for one record: never a view of a record that
// DecodeStreamRecord rejects, and a view that reads what the decoded record holds. Returns
// whether the record was read in place.
bool ExpectInPlaceAgrees(const boost::json::value& json) {
  std::optional<StreamRecordView> view = ReadStreamRecordInPlace(json);
  Result<StreamRecord> decoded = DecodeStreamRecord(json);
  const std::string text = boost::json::serialize(json);
  if (!decoded.ok()) {
    EXPECT_FALSE(view.has_value()) << text << " rejected: " << decoded.error().message;
    return false;
  }
  if (!view) return false;
  std::set<std::string> names = {"absent", "score", "playerId"};
  for (const auto& [name, unused] : decoded->keys) names.insert(name);
  if (decoded->new_image) {
    for (const auto& [name, unused] : *decoded->new_image) names.insert(name);
  }
  EXPECT_EQ(Describe(*view, names), Describe(StreamRecordView(*decoded), names)) << text;
  return true;
}

// A record using every kind of attribute, and a TTL removal with a userIdentity.
constexpr std::string_view kRich =
    R"({"eventID":"1","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb",)"
    R"("awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":"1.46480646E9",)"
    R"("Keys":{"playerId":{"N":"7.50"},"game":{"S":"g"}},"NewImage":{"playerId":{"N":"7.50"},)"
    R"("game":{"S":"g"},"score":{"N":"-1E+3"},"ok":{"BOOL":true},"nil":{"NULL":true},)"
    R"("list":{"L":[{"S":"a"},{"M":{"x":{"N":"1"}}}]},"map":{"M":{"y":{"SS":["a","b"]}}},)"
    R"("ns":{"NS":["1","2"]},"bin":{"B":"AAE="},"bs":{"BS":["AA=="]},"odd":{"S":"v","X":1}},)"
    R"("SequenceNumber":"400000000000000000001","SizeBytes":10,"StreamViewType":"NEW_IMAGE"}})";
constexpr std::string_view kTtlRemove =
    R"({"eventID":"2","eventName":"REMOVE","dynamodb":{"ApproximateCreationDateTime":5,)"
    R"("Keys":{"playerId":{"S":"p"}},"OldImage":{"playerId":{"S":"p"},"score":{"N":"1"}},)"
    R"("SequenceNumber":"400000000000000000002","SizeBytes":3,)"
    R"("StreamViewType":"NEW_AND_OLD_IMAGES"},)"
    R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"}})";

TEST(StreamRecordInPlace, ReadsValidRecordsAsDecodeDoes) {
  for (std::string_view text : {kExample, kRich, kTtlRemove}) {
    EXPECT_TRUE(ExpectInPlaceAgrees(boost::json::parse(text))) << text;
  }
  const boost::json::value rich = boost::json::parse(kRich);  // the view borrows it
  auto view = ReadStreamRecordInPlace(rich);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->approximate_creation_date_time(), 1464806460);
  EXPECT_EQ(Describe(view->Key("playerId")), "N 7.5");
  EXPECT_EQ(Describe(view->NewImageAttribute("score")), "N -1000");
  EXPECT_EQ(Describe(view->NewImageAttribute("odd")), "S 'v'");
  EXPECT_EQ(Describe(view->NewImageAttribute("map")), "M");
  EXPECT_EQ(Describe(view->Key("score")), "absent");
  const boost::json::value ttl_remove = boost::json::parse(kTtlRemove);
  auto removal = ReadStreamRecordInPlace(ttl_remove);
  ASSERT_TRUE(removal.has_value());
  EXPECT_FALSE(removal->has_new_image());
  EXPECT_EQ(Describe(removal->NewImageAttribute("playerId")), "absent");  // OldImage unused
}

TEST(StreamRecordInPlace, DeclinesEveryRecordDecodeRejects) {
  const std::pair<std::string_view, std::string_view> faults[] = {
      {R"("eventID":"7f2c1a9b0d3e4f5a6b7c8d9e0f1a2b3c")", R"("eventID":7)"},
      {R"("eventVersion":"1.1")", R"("eventVersion":[])"},
      {R"("awsRegion":"us-east-1")", R"("awsRegion":true)"},
      {R"("MODIFY")", R"("UPDATE")"},
      {R"("eventName":"MODIFY",)", ""},
      {R"("eventSourceARN":)", R"("userIdentity":5,"eventSourceARN":)"},
      {R"("eventSourceARN":)", R"("userIdentity":{"type":1},"eventSourceARN":)"},
      {"1732550400", "true"},
      {"1732550400", R"("soon")"},
      {"1732550400", "1e300"},
      {R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":null)"},
      {R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":{"playerId":{}})"},
      {R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":{"playerId":null})"},
      {R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":[])"},
      {R"("Keys":{"playerId":{"S":"p1"}})", R"("Keys":{"playerId":{"S":1}})"},
      {R"("score":{"N":"1500"})", R"("score":{"N":"15x"})"},
      {R"("score":{"N":"1500"})", R"("score":{"N":"1500","S":"a"})"},
      {R"("score":{"N":"1500"})", R"("score":{"NULL":false})"},
      {R"("score":{"N":"1500"})", R"("score":{"BOOL":"true"})"},
      {R"("score":{"N":"1500"})", R"("score":{"SS":["a","a"]})"},
      {R"("score":{"N":"1500"})", R"("score":{"B":"A"})"},
      {R"("score":{"N":"1500"})", R"("score":{"L":[{}]})"},
      {R"("score":{"N":"1500"})", R"("score":"1500")"},
      {R"("NewImage":{)", R"("OldImage":{"a":{"N":"x"}},"NewImage":{)"},
      {R"("400000000000000499660")", R"("4000-1")"},
      {R"("400000000000000499660")", "400000000000000499660"},
      {R"("SizeBytes":34)", R"("SizeBytes":-1)"},
      {R"("SizeBytes":34)", R"("SizeBytes":1.5)"},
      {R"("NEW_IMAGE")", R"("ALL")"},
      {R"("NEW_IMAGE")", "1"},
  };
  for (const auto& [from, to] : faults) {
    std::string text = Replace(kExample, from, to);
    boost::json::value json = boost::json::parse(text);
    ASSERT_FALSE(DecodeStreamRecord(json).ok()) << text;
    EXPECT_FALSE(ReadStreamRecordInPlace(json).has_value()) << text;
  }
  EXPECT_FALSE(ReadStreamRecordInPlace(boost::json::parse("[]")).has_value());
  EXPECT_FALSE(ReadStreamRecordInPlace(boost::json::parse(R"({"eventName":"INSERT"})")));
}

// Seeded random mutations of valid records: whatever the damage, the in-place read agrees
// with DecodeStreamRecord (ExpectInPlaceAgrees), and both paths are exercised.
TEST(StreamRecordInPlace, AgreesWithDecodeOnRandomlyDamagedRecords) {
  const boost::json::value pool[] = {
      nullptr,
      1,
      -1,
      1.5,
      1e300,
      "x",
      "",
      "1500",
      "400000000000000000009",
      "INSERT",
      "REMOVE",
      "NEW_IMAGE",
      "1.46480646E9",
      true,
      false,
      boost::json::array{},
      boost::json::object{},
      boost::json::parse(R"({"S":"a"})"),
      boost::json::parse(R"({"S":""})"),
      boost::json::parse(R"({"N":"12.50"})"),
      boost::json::parse(R"({"N":"x"})"),
      boost::json::parse(R"({"NULL":true})"),
      boost::json::parse(R"({"NULL":false})"),
      boost::json::parse(R"({"BOOL":false})"),
      boost::json::parse(R"({"S":"a","N":"1"})"),
      boost::json::parse(R"({"S":null,"N":"2"})"),
      boost::json::parse(R"({"Q":1,"S":"q"})"),
      boost::json::parse(R"({"L":[{"S":"a"}]})"),
      boost::json::parse(R"({"M":{"a":{"N":"1"}}})"),
      boost::json::parse(R"({"SS":["a","a"]})"),
      boost::json::parse(R"({"NS":["1","1.0"]})"),
      boost::json::parse(R"({"B":"AAE="})"),
      boost::json::parse(R"({"B":"A"})"),
      boost::json::parse(R"({"type":"Service","principalId":"x"})"),
      boost::json::parse(R"({"Type":"Service","PrincipalId":"x"})"),
      boost::json::parse(R"({"type":"","Type":7})"),
      boost::json::parse(R"({"playerId":{"S":"p2"},"score":{"N":"3"}})"),
  };
  const std::string_view keys[] = {"S",
                                   "N",
                                   "NULL",
                                   "L",
                                   "type",
                                   "Type",
                                   "PrincipalId",
                                   "OldImage",
                                   "NewImage",
                                   "Keys",
                                   "userIdentity",
                                   "SizeBytes",
                                   "StreamViewType",
                                   "ApproximateCreationDateTime",
                                   "score",
                                   "eventName",
                                   "SequenceNumber",
                                   "eventID"};
  std::mt19937_64 rng(20241125);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  int in_place = 0, rejected = 0, declined = 0;
  for (int round = 0; round < 4000; ++round) {
    boost::json::value json =
        boost::json::parse(std::array<std::string_view, 3>{kExample, kRich, kTtlRemove}[pick(3)]);
    for (size_t m = 0, n = 1 + pick(3); m < n; ++m) {
      std::vector<boost::json::value*> slots;
      std::vector<boost::json::object*> objects;
      auto collect = [&](auto& self, boost::json::value& v) -> void {
        slots.push_back(&v);
        if (auto* o = v.if_object()) {
          objects.push_back(o);
          for (auto& member : *o) self(self, member.value());
        } else if (auto* a = v.if_array()) {
          for (auto& e : *a) self(self, e);
        }
      };
      collect(collect, json);
      size_t what = pick(10);
      if (what < 6 || objects.empty()) {
        *slots[pick(slots.size())] = pool[pick(std::size(pool))];
      } else if (what < 8) {
        boost::json::object& o = *objects[pick(objects.size())];
        if (!o.empty()) o.erase(o.begin() + static_cast<ptrdiff_t>(pick(o.size())));
      } else {
        (*objects[pick(objects.size())])[keys[pick(std::size(keys))]] = pool[pick(std::size(pool))];
      }
    }
    const bool decodes = DecodeStreamRecord(json).ok();
    const bool read = ExpectInPlaceAgrees(json);
    in_place += read;
    rejected += !decodes;
    declined += decodes && !read;
  }
  // Both outcomes occur often; declining a decodable record (allowed, only slower) is rare.
  EXPECT_GT(in_place, 400);
  EXPECT_GT(rejected, 400);
  EXPECT_LT(declined, 40);
}

TEST(StreamEnums, NamesRoundTrip) {
  for (auto n : {StreamEventName::kInsert, StreamEventName::kModify, StreamEventName::kRemove}) {
    EXPECT_EQ(ParseStreamEventName(StreamEventNameString(n)), n);
  }
  for (auto t : {StreamViewType::kKeysOnly, StreamViewType::kNewImage, StreamViewType::kOldImage,
                 StreamViewType::kNewAndOldImages}) {
    EXPECT_EQ(ParseStreamViewType(StreamViewTypeName(t)), t);
  }
  EXPECT_EQ(StreamViewTypeName(StreamViewType::kNewAndOldImages), "NEW_AND_OLD_IMAGES");
  EXPECT_FALSE(ParseStreamEventName("insert").has_value());
  EXPECT_FALSE(ParseStreamViewType("").has_value());
}


// StreamRecordToJson writes the text directly (stream_record_text.cpp): for any record it is
// what serializing EncodeStreamRecord gives, and with the Streams API spelling the same with
// the identity as GetRecords has it.
TEST(StreamRecord, DirectTextIsTheDocumentsTextByteForByte) {
  std::mt19937_64 rng(5);
  auto pick = [&](uint64_t n) { return rng() % n; };
  auto text = [&] {
    static const std::array<std::string, 6> kParts = {"a",      "\"",         "\\",
                                                      "\n\x01", "\xc3\xa9", "zz"};
    std::string s;
    for (uint64_t i = pick(4); i > 0; --i) s += kParts[pick(kParts.size())];
    return s;
  };
  std::function<AttributeValue(int)> value = [&](int depth) -> AttributeValue {
    switch (pick(depth > 2 ? 4 : 6)) {
      case 0: return AttributeValue::S(text());
      case 1: return AttributeValue::N(Number::FromInt(static_cast<int64_t>(rng() % 2001) - 1000));
      case 2: return AttributeValue::B(text() + "\xff");
      case 3: return AttributeValue::Bool(pick(2) == 0);
      case 4: {
        AttributeList l;
        for (uint64_t i = pick(3); i > 0; --i) l.push_back(value(depth + 1));
        return AttributeValue::L(std::move(l));
      }
      default: {
        AttributeMap m;
        for (uint64_t i = pick(3); i > 0; --i) m[text()] = value(depth + 1);
        return AttributeValue::M(std::move(m));
      }
    }
  };
  auto item = [&] {
    Item i{{"pk", AttributeValue::S(text())}};
    for (uint64_t n = pick(4); n > 0; --n) i[text() + "x"] = value(0);
    return i;
  };
  for (int iter = 0; iter < 2000; ++iter) {
    StreamRecord r;
    r.event_id = text();
    r.event_name = static_cast<StreamEventName>(pick(3));
    r.aws_region = text();
    r.approximate_creation_date_time = static_cast<int64_t>(rng() >> 20) - (1LL << 40);
    r.keys = item();
    if (pick(2)) r.new_image = item();
    if (pick(2)) r.old_image = item();
    r.sequence_number = std::to_string(rng());
    r.size_bytes = static_cast<int64_t>(pick(400000));
    if (pick(3)) r.stream_view_type = static_cast<StreamViewType>(pick(4));
    if (pick(2)) r.user_identity = StreamUserIdentity{text(), text()};
    if (pick(2)) r.event_source_arn = "arn:" + text();

    boost::json::value doc = EncodeStreamRecord(r);
    ASSERT_EQ(StreamRecordToJson(r), boost::json::serialize(doc));
    if (r.user_identity) {
      doc.as_object()["userIdentity"] = {{"PrincipalId", r.user_identity->principal_id},
                                         {"Type", r.user_identity->type}};
    }
    ASSERT_EQ(StreamRecordToJson(r, IdentitySpelling::kStreamsApi), boost::json::serialize(doc));
  }
}

}  // namespace
}  // namespace sb::protocol
