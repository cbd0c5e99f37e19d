// Fuzzes the expression parsers end to end: the first byte picks the language, the rest is the
// expression text. Parsed trees are also evaluated / applied / projected against a fixed item,
// so resolution and evaluation see every shape the parser accepts. Invariant: no crash, no
// sanitizer report, every failure is a ValidationException.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "engine/expr/expr.h"

namespace {

using sb::protocol::AttributeMap;
using sb::protocol::AttributeValue;
using sb::protocol::Item;
using sb::protocol::Number;

AttributeValue Num(int v) { return AttributeValue::N(Number::FromInt(v)); }

const std::map<std::string, std::string>& Names() {
  static const auto* names = new std::map<std::string, std::string>{
      {"#a", "a"}, {"#b", "b"}, {"#s", "status"}, {"#l", "l"}, {"#m", "m"}};
  return *names;
}

const AttributeMap& Values() {
  static const auto* values = new AttributeMap{
      {":n", Num(1)},
      {":s", AttributeValue::S("x")},
      {":l", AttributeValue::L({Num(1), AttributeValue::S("y")})},
      {":ss", AttributeValue::SS({"a", "b"})},
      {":ns", AttributeValue::NS({Number::FromInt(1), Number::FromInt(2)})},
      {":b", AttributeValue::B("\x01")},
      {":t", AttributeValue::S("N")},
      {":m", AttributeValue::M({{"k", Num(2)}})},
      {":bool", AttributeValue::Bool(true)},
  };
  return *values;
}

const Item& SampleItem() {
  static const auto* item = new Item{
      {"a", Num(5)},
      {"b", AttributeValue::S("hello")},
      {"l", AttributeValue::L({Num(0), AttributeValue::M({{"c", Num(1)}}), Num(2)})},
      {"m", AttributeValue::M({{"k", AttributeValue::L({Num(3)})}})},
      {"ss", AttributeValue::SS({"a"})},
      {"status", AttributeValue::S("on")},
  };
  return *item;
}

template <class R>
void CheckError(const R& r) {
  if (!r.ok() && r.error().type != "ValidationException") abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace sb::engine::expr;  // NOLINT
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  Placeholders ph(&Names(), &Values());
  switch (data[0] % 5) {
    case 0:
    case 1: {
      auto c = ParseCondition(text, data[0] % 2 ? "FilterExpression" : "ConditionExpression", ph);
      CheckError(c);
      if (c.ok()) {
        (void)Evaluate(**c, SampleItem());
        (void)Evaluate(**c, Item{});
      }
      break;
    }
    case 2: {
      auto u = ParseUpdate(text, ph);
      CheckError(u);
      if (u.ok()) {
        CheckError(Apply(**u, SampleItem(), {"pk"}));
        CheckError(Apply(**u, Item{}, {"a"}));
        (void)UpdatedTopLevelNames(**u);
      }
      break;
    }
    case 3: {
      auto p = ParseProjection(text, ph);
      CheckError(p);
      if (p.ok()) (void)Project(**p, SampleItem());
      break;
    }
    case 4: {
      CheckError(ParseKeyCondition(text, ph, "a", std::string_view("b")));
      break;
    }
  }
  (void)ph.CheckAllUsed();
  return 0;
}
