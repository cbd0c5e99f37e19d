// DynamoDB stream event for Lambda. See stream_event.h.
#include "protocol/lambda/stream_event.h"

#include <boost/json.hpp>
#include <new>
#include <optional>

#include "protocol/dynamodb/json_codec.h"
#include "protocol/streams/json_text.h"

namespace sb::protocol {
namespace json = boost::json;
namespace {

std::string StringAt(const json::value& v, std::string_view key) {
  const json::object* o = v.if_object();
  if (o == nullptr) return "";
  auto it = o->find(key);
  if (it == o->end() || !it->value().is_string()) return "";
  return std::string(it->value().get_string());
}

json::parse_options EventParseOptions() {
  json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  return options;
}

// The Records array of a parsed event. Errors as DecodeDynamoDbStreamEvent documents.
Result<const json::array*> RecordsOf(const json::value& v) {
  const json::object* o = v.if_object();
  if (o == nullptr) return MakeError("InvalidEvent", "event is not a JSON object");
  auto it = o->find("Records");
  if (it == o->end() || !it->value().is_array()) {
    return MakeError("InvalidEvent", "event has no Records array");
  }
  return &it->value().get_array();
}

Error NotJson(const boost::system::error_code& ec) {
  return MakeError("InvalidEvent", "event is not valid JSON: " + ec.message());
}

RecordDecodeError MakeRecordError(const json::value& record, size_t index, std::string message) {
  RecordDecodeError error;
  error.index = index;
  error.event_id = StringAt(record, "eventID");
  if (const json::object* r = record.if_object()) {
    if (auto d = r->find("dynamodb"); d != r->end()) {
      error.sequence_number = StringAt(d->value(), "SequenceNumber");
    }
  }
  error.message = std::move(message);
  return error;
}

// The heap, as the arena's upstream, counting what the arena needed beyond its buffer.
class CountingHeap final : public json::memory_resource {
 public:
  size_t allocated = 0;

 private:
  void* do_allocate(size_t n, size_t align) override {
    allocated += n;
    return ::operator new(n, std::align_val_t(align));
  }
  void do_deallocate(void* p, size_t /*n*/, size_t align) override {
    // Unsized: clang (the fuzz build) does not enable sized deallocation by default.
    ::operator delete(p, std::align_val_t(align));
  }
  bool do_is_equal(const json::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

}  // namespace

Result<DynamoDbStreamEvent> DecodeDynamoDbStreamEvent(std::string_view text) {
  // The document dies before this returns (records copy what they keep), so an arena that is
  // freed at once, with no per-node bookkeeping, is enough.
  json::monotonic_resource arena;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, json::storage_ptr(&arena), EventParseOptions());
  if (ec) return NotJson(ec);
  SB_ASSIGN_OR_RETURN(const json::array* records, RecordsOf(v));
  DynamoDbStreamEvent event;
  event.records.reserve(records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    auto record = DecodeStreamRecord((*records)[i]);
    if (record.ok()) {
      event.records.push_back(std::move(record).value());
      continue;
    }
    event.errors.push_back(MakeRecordError((*records)[i], i, record.error().message));
  }
  return event;
}

// The parsed event lives in a monotonic arena: nodes are carved from one buffer, and nothing is
// freed node by node (Boost.JSON skips destructors for such a resource). The buffer is kept for
// the next event and grows to what the largest event so far needed, so a steady stream of
// events reuses the same warm memory.
struct StreamEventReader::Document {
  std::unique_ptr<unsigned char[]> buffer;
  size_t buffer_size = 0;
  CountingHeap overflow;
  std::optional<json::monotonic_resource> arena;
  json::parser parser{json::storage_ptr(), EventParseOptions()};  // keeps its work stack
  // Optional, so that it is move-constructed from the parse and keeps the arena as its storage
  // (assigning to a value of another storage would copy the whole document out of the arena).
  std::optional<json::value> value;
};

StreamEventReader::StreamEventReader() : document_(std::make_unique<Document>()) {}
StreamEventReader::~StreamEventReader() = default;

Status StreamEventReader::Read(std::string_view text) {
  records_.clear();
  errors_.clear();
  decoded_.clear();
  Document& d = *document_;
  d.value.reset();  // nothing may point into the arena when it is reset
  // A DOM takes roughly twice its text; overflow is counted and added for the next event.
  size_t wanted = std::max(d.buffer_size, 2 * text.size() + 4096);
  if (d.overflow.allocated > 0) wanted = std::max(wanted, d.buffer_size + d.overflow.allocated);
  d.arena.reset();
  if (wanted > d.buffer_size) {
    d.buffer = std::make_unique_for_overwrite<unsigned char[]>(wanted);
    d.buffer_size = wanted;
  }
  d.overflow.allocated = 0;
  d.arena.emplace(d.buffer.get(), d.buffer_size, json::storage_ptr(&d.overflow));

  boost::system::error_code ec;
  d.parser.reset(json::storage_ptr(&*d.arena));
  d.parser.write(text, ec);
  if (ec) return NotJson(ec);
  d.value.emplace(d.parser.release());
  SB_ASSIGN_OR_RETURN(const json::array* records, RecordsOf(*d.value));
  records_.reserve(records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    const json::value& json = (*records)[i];
    if (std::optional<StreamRecordView> view = ReadStreamRecordInPlace(json)) {
      records_.push_back(*view);
      continue;
    }
    Result<StreamRecord> record = DecodeStreamRecord(json);
    if (record.ok()) {
      records_.emplace_back(decoded_.emplace_back(std::move(record).value()));
      continue;
    }
    errors_.push_back(MakeRecordError(json, i, record.error().message));
  }
  return {};
}

std::string EncodeDynamoDbStreamEvent(const std::vector<StreamRecord>& records) {
  json::array a;
  a.reserve(records.size());
  for (const auto& r : records) a.push_back(EncodeStreamRecord(r));
  json::object o;
  o["Records"] = std::move(a);
  return json::serialize(o);
}

namespace {

Error InvalidRecord(std::string message) {
  return MakeError("InvalidStreamRecord", std::move(message));
}

// A member of a userIdentity object in either spelling, as a JSON string's text.
Result<std::string> IdentityMember(const json::object& identity, std::string_view lambda_name,
                                   std::string_view streams_name) {
  const json::value* v = identity.if_contains(lambda_name);
  if (v == nullptr) v = identity.if_contains(streams_name);
  if (v == nullptr || !v->is_string()) {
    return InvalidRecord("userIdentity." + std::string(lambda_name) + ": expected a string");
  }
  return json::serialize(v->get_string());
}

// userIdentity in Lambda's spelling (docs/lambda-wire.md §1), from either spelling.
Result<std::string> LambdaIdentity(std::string_view identity_text) {
  boost::system::error_code ec;
  json::value v = json::parse(identity_text, ec);
  if (ec || !v.is_object()) return InvalidRecord("userIdentity: expected an object");
  SB_ASSIGN_OR_RETURN(std::string type, IdentityMember(v.get_object(), "type", "Type"));
  SB_ASSIGN_OR_RETURN(std::string principal,
                      IdentityMember(v.get_object(), "principalId", "PrincipalId"));
  return R"({"type":)" + type + R"(,"principalId":)" + principal + "}";
}

}  // namespace

Result<std::string> LambdaStreamRecord(std::string_view text, std::string_view event_source_arn) {
  std::optional<std::vector<JsonMemberText>> members = JsonObjectMembers(text);
  if (!members) return InvalidRecord("record: expected a JSON object");
  std::optional<std::string_view> identity;
  for (const JsonMemberText& m : *members) {
    if (m.key == R"("eventSourceARN")") return InvalidRecord("record already has eventSourceARN");
    if (m.key == R"("userIdentity")") identity = m.value;
  }
  const size_t close = text.find_last_of('}');  // the object's own: only space follows
  std::string out;
  out.reserve(text.size() + event_source_arn.size() + 32);
  size_t copied = 0;
  if (identity) {
    SB_ASSIGN_OR_RETURN(std::string lambda_identity, LambdaIdentity(*identity));
    const size_t at = static_cast<size_t>(identity->data() - text.data());
    out.append(text.substr(0, at));
    out += lambda_identity;
    copied = at + identity->size();
  }
  out.append(text.substr(copied, close - copied));
  out += members->empty() ? R"("eventSourceARN":)" : R"(,"eventSourceARN":)";
  out += json::serialize(json::string_view(event_source_arn));
  out += '}';
  return out;
}

}  // namespace sb::protocol
