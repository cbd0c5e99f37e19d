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

std::string StreamRecordToJson(const StreamRecord& record) {
  return json::serialize(EncodeStreamRecord(record));
}

Result<StreamRecord> DecodeStreamRecord(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return Invalid("record", "expected an object");
  StreamRecord r;
  r.event_version.clear();
  r.event_source.clear();
  SB_TRY_STATUS(ReadString(*o, "eventID", "eventID", &r.event_id));
  SB_TRY_STATUS(ReadString(*o, "eventVersion", "eventVersion", &r.event_version));
  SB_TRY_STATUS(ReadString(*o, "eventSource", "eventSource", &r.event_source));
  SB_TRY_STATUS(ReadString(*o, "awsRegion", "awsRegion", &r.aws_region));
  SB_TRY_STATUS(ReadString(*o, "eventSourceARN", "eventSourceARN", &r.event_source_arn));

  std::string event_name;
  SB_TRY_STATUS(ReadString(*o, "eventName", "eventName", &event_name));
  auto name = ParseStreamEventName(event_name);
  if (!name) return Invalid("eventName", "expected INSERT, MODIFY or REMOVE");
  r.event_name = *name;

  if (auto it = o->find("userIdentity"); it != o->end() && !it->value().is_null()) {
    const json::object* u = it->value().if_object();
    if (u == nullptr) return Invalid("userIdentity", "expected an object");
    StreamUserIdentity identity;
    SB_TRY_STATUS(ReadString(*u, "type", "userIdentity.type", &identity.type));
    SB_TRY_STATUS(
        ReadString(*u, "principalId", "userIdentity.principalId", &identity.principal_id));
    r.user_identity = std::move(identity);
  }

  auto ddb_it = o->find("dynamodb");
  if (ddb_it == o->end() || !ddb_it->value().is_object()) {
    return Invalid("dynamodb", "expected an object");
  }
  const json::object& ddb = ddb_it->value().get_object();

  if (auto it = ddb.find("ApproximateCreationDateTime");
      it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r.approximate_creation_date_time, ReadEpochSeconds(it->value()));
  }
  auto keys_it = ddb.find("Keys");
  if (keys_it == ddb.end() || keys_it->value().is_null())
    return Invalid("dynamodb.Keys", "missing");
  SB_ASSIGN_OR_RETURN(r.keys, ReadImage(keys_it->value(), "dynamodb.Keys"));
  if (auto it = ddb.find("NewImage"); it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r.new_image, ReadImage(it->value(), "dynamodb.NewImage"));
  }
  if (auto it = ddb.find("OldImage"); it != ddb.end() && !it->value().is_null()) {
    SB_ASSIGN_OR_RETURN(r.old_image, ReadImage(it->value(), "dynamodb.OldImage"));
  }

  SB_TRY_STATUS(ReadString(ddb, "SequenceNumber", "dynamodb.SequenceNumber", &r.sequence_number));
  if (!IsSequenceNumberDigits(r.sequence_number)) {
    return Invalid("dynamodb.SequenceNumber", "expected a string of 1 to 40 decimal digits");
  }

  if (auto it = ddb.find("SizeBytes"); it != ddb.end() && !it->value().is_null()) {
    const json::value& s = it->value();
    if (s.is_int64() && s.get_int64() >= 0) {
      r.size_bytes = s.get_int64();
    } else if (s.is_uint64() && s.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
      r.size_bytes = static_cast<int64_t>(s.get_uint64());
    } else {
      return Invalid("dynamodb.SizeBytes", "expected a non-negative integer");
    }
  }

  std::string view_type;
  SB_TRY_STATUS(ReadString(ddb, "StreamViewType", "dynamodb.StreamViewType", &view_type));
  if (!view_type.empty()) {
    r.stream_view_type = ParseStreamViewType(view_type);
    if (!r.stream_view_type) {
      return Invalid("dynamodb.StreamViewType",
                     "expected KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
    }
  }
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

}  // namespace sb::protocol
