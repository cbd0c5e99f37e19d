// StreamRecordToJson: a record's text written directly, in the field order EncodeStreamRecord
// gives, with the images written by protocol/dynamodb/item_json.h. Every record the engine
// stores is serialized here once, on the write path (docs/engine.md, "Performance").
#include <string>

#include "protocol/dynamodb/item_json.h"
#include "protocol/streams/stream_record.h"

namespace sb::protocol {

namespace {

// ,"<name>":  (no comma before the first member of an object)
void Member(std::string& out, std::string_view name, bool first = false) {
  if (!first) out.push_back(',');
  AppendJsonString(out, name);
  out.push_back(':');
}

void StringMember(std::string& out, std::string_view name, std::string_view value,
                  bool first = false) {
  Member(out, name, first);
  AppendJsonString(out, value);
}

}  // namespace

std::string StreamRecordToJson(const StreamRecord& r, IdentitySpelling spelling) {
  std::string out;
  out.reserve(512);
  out.push_back('{');
  StringMember(out, "eventID", r.event_id, true);
  StringMember(out, "eventName", StreamEventNameString(r.event_name));
  StringMember(out, "eventVersion", r.event_version);
  StringMember(out, "eventSource", r.event_source);
  StringMember(out, "awsRegion", r.aws_region);
  Member(out, "dynamodb");
  out.push_back('{');
  Member(out, "ApproximateCreationDateTime", true);
  out += std::to_string(r.approximate_creation_date_time);
  Member(out, "Keys");
  AppendItemJson(out, r.keys);
  if (r.new_image) {
    Member(out, "NewImage");
    AppendItemJson(out, *r.new_image);
  }
  if (r.old_image) {
    Member(out, "OldImage");
    AppendItemJson(out, *r.old_image);
  }
  StringMember(out, "SequenceNumber", r.sequence_number);
  Member(out, "SizeBytes");
  out += std::to_string(r.size_bytes);
  if (r.stream_view_type) {
    StringMember(out, "StreamViewType", StreamViewTypeName(*r.stream_view_type));
  }
  out.push_back('}');
  if (r.user_identity) {
    Member(out, "userIdentity");
    out.push_back('{');
    if (spelling == IdentitySpelling::kLambdaEvent) {
      StringMember(out, "type", r.user_identity->type, true);
      StringMember(out, "principalId", r.user_identity->principal_id);
    } else {
      StringMember(out, "PrincipalId", r.user_identity->principal_id, true);
      StringMember(out, "Type", r.user_identity->type);
    }
    out.push_back('}');
  }
  if (!r.event_source_arn.empty()) StringMember(out, "eventSourceARN", r.event_source_arn);
  out.push_back('}');
  return out;
}

}  // namespace sb::protocol
