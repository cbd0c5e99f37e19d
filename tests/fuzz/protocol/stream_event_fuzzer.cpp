// libFuzzer target: Lambda DynamoDB stream event decoding (and so StreamRecord decoding).
// Properties: never crashes; every decoded record re-encodes and decodes back equal; the
// re-encoded event decodes with no errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/lambda/batch_response.h"
#include "protocol/lambda/error_body.h"
#include "protocol/lambda/runtime_api.h"
#include "protocol/lambda/stream_event.h"

using namespace sb::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
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
