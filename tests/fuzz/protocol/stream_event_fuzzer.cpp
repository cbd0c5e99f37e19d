// libFuzzer target: Lambda DynamoDB stream event decoding (and so StreamRecord decoding), and
// splicing a record's text into a Lambda event record.
// Properties: never crashes; every decoded record re-encodes and decodes back equal; the
// re-encoded event decodes with no errors; the in-place scanner accepts every JSON object, and
// a record spliced from one is again a JSON object, ending with its eventSourceARN.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/lambda/batch_response.h"
#include "protocol/lambda/error_body.h"
#include "protocol/lambda/runtime_api.h"
#include "protocol/lambda/stream_event.h"
#include "protocol/streams/json_text.h"

using namespace sb::protocol;

namespace {

void CheckSplice(std::string_view text) {
  auto spliced = LambdaStreamRecord(text, "arn:\"x");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return;
  if (!JsonObjectMembers(text).has_value()) __builtin_trap();
  if (!spliced.ok()) return;
  boost::json::value out = boost::json::parse(*spliced, ec);
  if (ec || !out.is_object() || out.get_object().empty()) __builtin_trap();
  const auto& last = *(out.get_object().end() - 1);
  if (last.key() != "eventSourceARN" || last.value() != "arn:\"x") __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckSplice(text);
  (void)DecodeBatchResponse(text);
  (void)DecodeLambdaErrorBody(text);
  (void)ParseRuntimePath(text);

  auto event = DecodeDynamoDbStreamEvent(text);
  if (!event.ok()) return 0;
  for (const auto& record : event->records) {
    auto back = ParseStreamRecordJson(StreamRecordToJson(record));
    if (!back.ok() || !(*back == record)) __builtin_trap();
  }
  auto again = DecodeDynamoDbStreamEvent(EncodeDynamoDbStreamEvent(event->records));
  if (!again.ok() || !again->errors.empty() || !(again->records == event->records)) {
    __builtin_trap();
  }
  return 0;
}
