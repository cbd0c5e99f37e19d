// libFuzzer target: DynamoDB JSON -> Item / AttributeValue decoding.
// Properties: never crashes; whatever decodes re-encodes canonically and decodes back equal.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/dynamodb/json_codec.h"

using namespace sb::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::parse_options options;
  options.max_depth = kJsonMaxDepth;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, {}, options);
  if (ec) return 0;

  auto value = DecodeAttributeValue(v);
  if (value.ok()) {
    auto again = DecodeAttributeValue(EncodeAttributeValue(*value));
    if (!again.ok() || !(*again == *value)) __builtin_trap();
    (void)ValueSizeBytes(*value);
  }

  auto item = DecodeItem(v);
  if (item.ok()) {
    std::string encoded = ItemToJson(*item);
    auto back = ParseItemJson(encoded);
    if (!back.ok() || !(*back == *item)) __builtin_trap();
    if (ItemToJson(*back) != encoded) __builtin_trap();
    (void)ItemSizeBytes(*item);
  }
  return 0;
}
