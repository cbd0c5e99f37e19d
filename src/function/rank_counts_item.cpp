#include "function/rank_counts_item.h"

namespace sb::function {

std::string CountAttribute(int child) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string{'c', kHex[(child >> 4) & 0xF], kHex[child & 0xF]};
}

protocol::Item CountNodeKey(std::string_view node) {
  return protocol::Item{{std::string(kRankCountsNodeAttribute),
                         protocol::AttributeValue::B(std::string(node))}};
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Result<NodeCounts> DecodeCountNode(const protocol::Item& item) {
  NodeCounts counts{};
  for (const auto& [name, value] : item) {
    if (name.size() != 3 || name[0] != 'c') continue;
    const int hi = HexDigit(name[1]), lo = HexDigit(name[2]);
    if (hi < 0 || lo < 0) continue;
    int64_t n = 0;
    if (!value.is(protocol::AttrType::N) || !value.n().ToInt64(&n)) {
      return MakeError("InvalidRankCountsItem", "count " + name + " is not an integer number");
    }
    counts[static_cast<size_t>(hi * 16 + lo)] = n;
  }
  return counts;
}

}  // namespace sb::function
