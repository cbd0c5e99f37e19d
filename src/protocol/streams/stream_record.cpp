// StreamRecord JSON. See stream_record.h.
#include "protocol/streams/stream_record.h"

#include <boost/json.hpp>
#include <cmath>

#include "protocol/dynamodb/json_codec.h"
#include "protocol/streams/sequence_number.h"

namespace sb::protocol {
namespace json = boost::json;
namespace {

Error Invalid(std::string_view field, std::string_view why) {
  return MakeError("InvalidStreamRecord", std::string(field) + ": " + std::string(why));
}

// Reads an optional string member; absent or null leaves *out unchanged.
Status ReadString(const json::object& o, std::string_view key, std::string_view field,
                  std::string* out) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return {};
  if (!it->value().is_string()) return Invalid(field, "expected a string");
  *out = std::string(it->value().get_string());
  return {};
}

// ApproximateCreationDateTime: a JSON number, or a string holding a number (doc examples
// render it as "1.46480646E9" or "1678831218.0"). Rounded down to whole seconds.
Result<int64_t> ReadEpochSeconds(const json::value& v) {
  constexpr std::string_view kField = "dynamodb.ApproximateCreationDateTime";
  double seconds;
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<uint64_t>(INT64_MAX)) return Invalid(kField, "out of range");
    return static_cast<int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    seconds = v.get_double();
  } else if (v.is_string()) {
    auto n = Number::Parse(v.get_string());
    if (!n.ok()) return Invalid(kField, "not a number");
    int64_t exact;
    if (n->ToInt64(&exact)) return exact;
    seconds = n->ToDouble();
  } else {
    return Invalid(kField, "expected a number");
  }
  // Bounds keep the conversion defined: +-2^62 seconds is far beyond any real timestamp.
  if (!std::isfinite(seconds) || std::fabs(seconds) > 4.6e18)
    return Invalid(kField, "out of range");
  return static_cast<int64_t>(std::floor(seconds));
}

Result<Item> ReadImage(const json::value& v, std::string_view field) {
  auto item = DecodeItem(v);
  if (!item.ok()) return Invalid(field, item.error().message);
  return std::move(item).value();
}

}  // namespace

std::string_view StreamEventNameString(StreamEventName name) {
  switch (name) {
    case StreamEventName::kInsert:
      return "INSERT";
    case StreamEventName::kModify:
      return "MODIFY";
    case StreamEventName::kRemove:
      return "REMOVE";
  }
  return "INSERT";  // unreachable
}

std::optional<StreamEventName> ParseStreamEventName(std::string_view text) {
  if (text == "INSERT") return StreamEventName::kInsert;
  if (text == "MODIFY") return StreamEventName::kModify;
  if (text == "REMOVE") return StreamEventName::kRemove;
  return std::nullopt;
}

std::string_view StreamViewTypeName(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      return "NEW_AND_OLD_IMAGES";
  }
  return "KEYS_ONLY";  // unreachable
}

std::optional<StreamViewType> ParseStreamViewType(std::string_view text) {
  if (text == "KEYS_ONLY") return StreamViewType::kKeysOnly;
  if (text == "NEW_IMAGE") return StreamViewType::kNewImage;
  if (text == "OLD_IMAGE") return StreamViewType::kOldImage;
  if (text == "NEW_AND_OLD_IMAGES") return StreamViewType::kNewAndOldImages;
  return std::nullopt;
}

int64_t StreamRecordSizeBytes(const StreamRecord& record) {
  size_t size = ItemSizeBytes(record.keys);
  if (record.new_image) size += ItemSizeBytes(*record.new_image);
  if (record.old_image) size += ItemSizeBytes(*record.old_image);
  return static_cast<int64_t>(size);
}

json::value EncodeStreamRecord(const StreamRecord& r) {
  json::object ddb;
  ddb["ApproximateCreationDateTime"] = r.approximate_creation_date_time;
  ddb["Keys"] = EncodeItem(r.keys);
  if (r.new_image) ddb["NewImage"] = EncodeItem(*r.new_image);
  if (r.old_image) ddb["OldImage"] = EncodeItem(*r.old_image);
  ddb["SequenceNumber"] = r.sequence_number;
  ddb["SizeBytes"] = r.size_bytes;
  if (r.stream_view_type) ddb["StreamViewType"] = StreamViewTypeName(*r.stream_view_type);

  json::object o;
  o["eventID"] = r.event_id;
  o["eventName"] = StreamEventNameString(r.event_name);
  o["eventVersion"] = r.event_version;
  o["eventSource"] = r.event_source;
  o["awsRegion"] = r.aws_region;
  o["dynamodb"] = std::move(ddb);
  if (r.user_identity) {
    o["userIdentity"] = {{"type", r.user_identity->type},
                         {"principalId", r.user_identity->principal_id}};
  }
  if (!r.event_source_arn.empty()) o["eventSourceARN"] = r.event_source_arn;
  return o;
}

namespace {

// The top-level string members and eventName.
Status DecodeRecordHeader(const json::object& o, StreamRecord* r) {
  SB_TRY_STATUS(ReadString(o, "eventID", "eventID", &r->event_id));
  SB_TRY_STATUS(ReadString(o, "eventVersion", "eventVersion", &r->event_version));
  SB_TRY_STATUS(ReadString(o, "eventSource", "eventSource", &r->event_source));
  SB_TRY_STATUS(ReadString(o, "awsRegion", "awsRegion", &r->aws_region));
  SB_TRY_STATUS(ReadString(o, "eventSourceARN", "eventSourceARN", &r->event_source_arn));

  std::string event_name;
  SB_TRY_STATUS(ReadString(o, "eventName", "eventName", &event_name));
  auto name = ParseStreamEventName(event_name);
  if (!name) return Invalid("eventName", "expected INSERT, MODIFY or REMOVE");
  r->event_name = *name;
  return {};
}

// The optional userIdentity member; absent or null leaves r->user_identity unset.
Status DecodeUserIdentity(const json::object& o, StreamRecord* r) {
  auto it = o.find("userIdentity");
  if (it == o.end() || it->value().is_null()) return {};
  const json::object* u = it->value().if_object();
  if (u == nullptr) return Invalid("userIdentity", "expected an object");
  StreamUserIdentity identity;
  SB_TRY_STATUS(ReadString(*u, "type", "userIdentity.type", &identity.type));
  SB_TRY_STATUS(
      ReadString(*u, "principalId", "userIdentity.principalId", &identity.principal_id));
  // GetRecords spells the members as the Streams service model does: "Type", "PrincipalId".
  if (identity.type.empty()) {
    SB_TRY_STATUS(ReadString(*u, "Type", "userIdentity.Type", &identity.type));
  }
  if (identity.principal_id.empty()) {
    SB_TRY_STATUS(
        ReadString(*u, "PrincipalId", "userIdentity.PrincipalId", &identity.principal_id));
  }
  r->user_identity = std::move(identity);
  return {};
}

// dynamodb.ApproximateCreationDateTime, Keys, NewImage and OldImage.
Status DecodeTimestampAndImages(const json::object& ddb, StreamRecord* r) {
  if (auto it = ddb.find("ApproximateCreationDateTime");
      it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r->approximate_creation_date_time, ReadEpochSeconds(it->value()));
  }
  auto keys_it = ddb.find("Keys");
  if (keys_it == ddb.end() || keys_it->value().is_null())
    return Invalid("dynamodb.Keys", "missing");
  SB_ASSIGN_OR_RETURN(r->keys, ReadImage(keys_it->value(), "dynamodb.Keys"));
  if (auto it = ddb.find("NewImage"); it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r->new_image, ReadImage(it->value(), "dynamodb.NewImage"));
  }
  if (auto it = ddb.find("OldImage"); it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r->old_image, ReadImage(it->value(), "dynamodb.OldImage"));
  }
  return {};
}

// dynamodb.SequenceNumber, SizeBytes and StreamViewType.
Status DecodeSequenceSizeAndViewType(const json::object& ddb, StreamRecord* r) {
  SB_TRY_STATUS(
      ReadString(ddb, "SequenceNumber", "dynamodb.SequenceNumber", &r->sequence_number));
  if (!IsSequenceNumberDigits(r->sequence_number)) {
    return Invalid("dynamodb.SequenceNumber", "expected a string of 1 to 40 decimal digits");
  }

  if (auto it = ddb.find("SizeBytes"); it != ddb.end() && !it->value().is_null()) {
    const json::value& s = it->value();
    if (s.is_int64() && s.get_int64() >= 0) {
      r->size_bytes = s.get_int64();
    } else if (s.is_uint64() && s.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
      r->size_bytes = static_cast<int64_t>(s.get_uint64());
    } else {
      return Invalid("dynamodb.SizeBytes", "expected a non-negative integer");
    }
  }

  std::string view_type;
  SB_TRY_STATUS(ReadString(ddb, "StreamViewType", "dynamodb.StreamViewType", &view_type));
  if (!view_type.empty()) {
    r->stream_view_type = ParseStreamViewType(view_type);
    if (!r->stream_view_type) {
      return Invalid("dynamodb.StreamViewType",
                     "expected KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
    }
  }
  return {};
}

}  // namespace

Result<StreamRecord> DecodeStreamRecord(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return Invalid("record", "expected an object");
  StreamRecord r;
  r.event_version.clear();
  r.event_source.clear();
  SB_TRY_STATUS(DecodeRecordHeader(*o, &r));
  SB_TRY_STATUS(DecodeUserIdentity(*o, &r));

  auto ddb_it = o->find("dynamodb");
  if (ddb_it == o->end() || !ddb_it->value().is_object()) {
    return Invalid("dynamodb", "expected an object");
  }
  const json::object& ddb = ddb_it->value().get_object();
  SB_TRY_STATUS(DecodeTimestampAndImages(ddb, &r));
  SB_TRY_STATUS(DecodeSequenceSizeAndViewType(ddb, &r));
  return r;
}

Result<StreamRecord> ParseStreamRecordJson(std::string_view text) {
  json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, options);
  if (ec) return Invalid("record", "invalid JSON: " + ec.message());
  return DecodeStreamRecord(v);
}

// ---- Reading a record in place ---------------------------------------------------------

namespace {

// The datatype named by a DynamoDB JSON member key, or nullopt for a key DynamoDB's
// deserializer ignores.
std::optional<AttrType> DatatypeOfKey(std::string_view key) {
  switch (key.size()) {
    case 1:
      switch (key[0]) {
        case 'S':
          return AttrType::S;
        case 'N':
          return AttrType::N;
        case 'B':
          return AttrType::B;
        case 'M':
          return AttrType::M;
        case 'L':
          return AttrType::L;
      }
      return std::nullopt;
    case 2:
      if (key == "SS") return AttrType::SS;
      if (key == "NS") return AttrType::NS;
      if (key == "BS") return AttrType::BS;
      return std::nullopt;
    case 4:
      if (key == "BOOL") return AttrType::BOOL;
      if (key == "NULL") return AttrType::NUL;
      return std::nullopt;
  }
  return std::nullopt;
}

// The one datatype member of an AttributeValue object: the first non-null member with a known
// key (json_codec.cpp's DecodeValue counts these; a valid value has exactly one).
const json::key_value_pair* DatatypeMember(const json::object& o, AttrType* type) {
  for (const json::key_value_pair& m : o) {
    if (m.value().is_null()) continue;
    if (auto t = DatatypeOfKey(m.key())) {
      *type = *t;
      return &m;
    }
  }
  return nullptr;
}

// True iff DecodeAttributeValue accepts `v` (a top-level attribute of an item). The scalars a
// score table is made of (S, N, BOOL, NULL) are checked here, without allocating, by the codec's
// rules: exactly one non-null member with a datatype key, of the JSON kind its type needs; N a
// valid Number; NULL true. Other types are left to the codec itself.
bool AttributeValueIsValid(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return false;  // null: "empty"; other kinds: serialization errors
  AttrType type;
  const json::key_value_pair* member = DatatypeMember(*o, &type);
  if (member == nullptr) return false;
  for (const json::key_value_pair* m = member + 1; m != o->end(); ++m) {
    if (!m->value().is_null() && DatatypeOfKey(m->key())) return false;  // two datatypes
  }
  const json::value& x = member->value();
  switch (type) {
    case AttrType::S:
      return x.is_string();
    case AttrType::N:
      return x.is_string() && Number::Parse(x.get_string()).ok();
    case AttrType::BOOL:
      return x.is_bool();
    case AttrType::NUL:
      return x.is_bool() && x.get_bool();
    default:
      return DecodeAttributeValue(v).ok();
  }
}

// True iff DecodeItem accepts `v`.
bool ItemIsValid(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return false;
  for (const json::key_value_pair& m : *o) {
    if (!AttributeValueIsValid(m.value())) return false;
  }
  return true;
}

// An attribute of a validated item.
std::optional<AttributeRef> RefOf(const json::value& v) {
  AttrType type;
  const json::key_value_pair* member = DatatypeMember(v.get_object(), &type);
  if (member == nullptr) return std::nullopt;  // not reached for a validated item
  AttributeRef ref;
  ref.type = type;
  if (type == AttrType::S) ref.s = member->value().get_string();
  if (type == AttrType::N) {
    if (auto n = Number::Parse(member->value().get_string()); n.ok()) ref.n = *n;
  }
  return ref;
}

std::optional<AttributeRef> RefOf(const AttributeValue& v) {
  AttributeRef ref;
  ref.type = v.type();
  if (v.is(AttrType::S)) ref.s = v.s();
  if (v.is(AttrType::N)) ref.n = v.n();
  return ref;
}

std::optional<AttributeRef> Lookup(const json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end()) return std::nullopt;
  return RefOf(it->value());
}

std::optional<AttributeRef> Lookup(const Item& item, std::string_view name) {
  auto it = item.find(name);
  if (it == item.end()) return std::nullopt;
  return RefOf(it->second);
}

}  // namespace

StreamRecordView::StreamRecordView(const StreamRecord& record)
    : event_name_(record.event_name),
      approximate_creation_date_time_(record.approximate_creation_date_time),
      sequence_number_(record.sequence_number),
      has_new_image_(record.new_image.has_value()),
      record_(&record) {}

std::optional<AttributeRef> StreamRecordView::Key(std::string_view name) const {
  if (record_ != nullptr) return Lookup(record_->keys, name);
  return Lookup(*keys_json_, name);
}

std::optional<AttributeRef> StreamRecordView::NewImageAttribute(std::string_view name) const {
  if (record_ != nullptr) {
    return record_->new_image ? Lookup(*record_->new_image, name) : std::nullopt;
  }
  return new_image_json_ != nullptr ? Lookup(*new_image_json_, name) : std::nullopt;
}

// Mirrors DecodeStreamRecord check for check, in one pass over each object's members (Boost.JSON
// keeps one member per key, the last, so a pass sees what find() would). Where a check would
// need more than a look (a userIdentity whose members are not all strings) it declines rather
// than copy its subtleties.
std::optional<StreamRecordView> ReadStreamRecordInPlace(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return std::nullopt;
  std::optional<StreamEventName> name;
  const json::value* ddb_value = nullptr;
  for (const json::key_value_pair& m : *o) {
    const std::string_view key = m.key();
    const json::value& x = m.value();
    if (x.is_null()) continue;  // absent, to DecodeStreamRecord
    if (key == "eventName") {
      if (!x.is_string()) return std::nullopt;
      name = ParseStreamEventName(x.get_string());
    } else if (key == "dynamodb") {
      ddb_value = &x;
    } else if (key == "userIdentity") {
      const json::object* u = x.if_object();
      if (u == nullptr) return std::nullopt;
      for (const json::key_value_pair& um : *u) {
        const std::string_view k = um.key();
        bool read = k == "type" || k == "principalId" || k == "Type" || k == "PrincipalId";
        if (read && !um.value().is_null() && !um.value().is_string()) return std::nullopt;
      }
    } else if (key == "eventID" || key == "eventVersion" || key == "eventSource" ||
               key == "awsRegion" || key == "eventSourceARN") {
      if (!x.is_string()) return std::nullopt;
    }
  }
  if (!name || ddb_value == nullptr || !ddb_value->is_object()) return std::nullopt;

  StreamRecordView view;
  view.event_name_ = *name;
  const json::value* keys = nullptr;
  bool has_sequence_number = false;
  for (const json::key_value_pair& m : ddb_value->get_object()) {
    const std::string_view key = m.key();
    const json::value& x = m.value();
    if (x.is_null()) continue;
    if (key == "Keys") {
      keys = &x;
    } else if (key == "NewImage") {
      if (!ItemIsValid(x)) return std::nullopt;
      view.new_image_json_ = &x.get_object();
    } else if (key == "OldImage") {
      if (!ItemIsValid(x)) return std::nullopt;
    } else if (key == "SequenceNumber") {
      if (!x.is_string() || !IsSequenceNumberDigits(x.get_string())) return std::nullopt;
      view.sequence_number_ = x.get_string();
      has_sequence_number = true;
    } else if (key == "ApproximateCreationDateTime") {
      Result<int64_t> seconds = ReadEpochSeconds(x);
      if (!seconds.ok()) return std::nullopt;
      view.approximate_creation_date_time_ = *seconds;
    } else if (key == "SizeBytes") {
      bool ok = (x.is_int64() && x.get_int64() >= 0) ||
                (x.is_uint64() && x.get_uint64() <= static_cast<uint64_t>(INT64_MAX));
      if (!ok) return std::nullopt;
    } else if (key == "StreamViewType") {
      if (!x.is_string()) return std::nullopt;
      if (!x.get_string().empty() && !ParseStreamViewType(x.get_string())) return std::nullopt;
    }
  }
  if (keys == nullptr || !ItemIsValid(*keys) || !has_sequence_number) return std::nullopt;
  view.keys_json_ = &keys->get_object();
  view.has_new_image_ = view.new_image_json_ != nullptr;
  return view;
}

}  // namespace sb::protocol
