// libFuzzer target: Number::Parse and arithmetic.
// Properties: never crashes; ToString() parses back to an equal Number; a + b - b == a when
// both steps succeed; comparison agrees with subtraction's sign.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/dynamodb/number.h"

using sb::protocol::Number;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t split = text.find('|');
  std::string_view left = text.substr(0, split);
  std::string_view right = split == std::string_view::npos ? "1" : text.substr(split + 1);
  auto a = Number::Parse(left);
  auto b = Number::Parse(right);
  if (a.ok()) {
    auto back = Number::Parse(a->ToString());
    if (!back.ok() || !(*back == *a)) __builtin_trap();
    (void)a->SizeBytes();
    (void)a->ToDouble();
  }
  if (a.ok() && b.ok()) {
    auto sum = a->Add(*b);
    if (sum.ok()) {
      auto diff = sum->Subtract(*b);
      if (diff.ok() && !(*diff == *a)) __builtin_trap();
    }
    auto d = a->Subtract(*b);
    if (d.ok()) {
      auto ord = *a <=> *b;
      if ((ord < 0) != d->is_negative()) __builtin_trap();
      if ((ord == 0) != d->is_zero()) __builtin_trap();
    }
  }
  return 0;
}
