#include "engine/storage/key_codec.h"

#include <cassert>

namespace sb::engine::storage {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

namespace {

constexpr unsigned char kNegative = 0x01;
constexpr unsigned char kZero = 0x02;
constexpr unsigned char kPositive = 0x03;
constexpr int kExponentBias = 129;

// Splits a canonical plain decimal ("123.45", "0.001", "1000") into its significant digits
// (no leading or trailing zeros) and E such that value = 0.digits x 10^E.
void Decompose(std::string_view plain, std::string* digits, int* e) {
  size_t dot = plain.find('.');
  std::string_view int_part = plain.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? "" : plain.substr(dot + 1);
  std::string all;
  all.reserve(int_part.size() + frac_part.size());
  all.append(int_part).append(frac_part);
  size_t first = all.find_first_not_of('0');
  size_t last = all.find_last_not_of('0');
  assert(first != std::string::npos);
  *digits = all.substr(first, last - first + 1);
  *e = static_cast<int>(int_part.size()) - static_cast<int>(first);
}

}  // namespace

std::string EncodeNumberKey(const Number& n) {
  if (n.is_zero()) return std::string(1, static_cast<char>(kZero));
  std::string text = n.ToString();
  std::string_view plain = text;
  if (!plain.empty() && plain[0] == '-') plain.remove_prefix(1);
  std::string digits;
  int e = 0;
  Decompose(plain, &digits, &e);
  std::string out;
  out.reserve(2 + (digits.size() + 1) / 2 + 1);
  const bool neg = n.is_negative();
  out.push_back(static_cast<char>(neg ? kNegative : kPositive));
  auto put = [&](unsigned char b) { out.push_back(static_cast<char>(neg ? 0xFF - b : b)); };
  put(static_cast<unsigned char>(e + kExponentBias));
  for (size_t i = 0; i < digits.size(); i += 2) {
    unsigned hi = static_cast<unsigned>(digits[i] - '0') + 1;
    unsigned lo = i + 1 < digits.size() ? static_cast<unsigned>(digits[i + 1] - '0') + 1 : 0;
    put(static_cast<unsigned char>(hi << 4 | lo));
  }
  if (neg) out.push_back(static_cast<char>(0xFF));
  return out;
}

std::string EncodeKeyValue(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S: return v.s();
    case AttrType::B: return v.b();
    case AttrType::N: return EncodeNumberKey(v.n());
    default: assert(false && "key values are S, N or B"); return {};
  }
}

Result<AttributeValue> DecodeKeyValue(ScalarType type, std::string_view bytes) {
  if (type == ScalarType::S) return AttributeValue::S(std::string(bytes));
  if (type == ScalarType::B) return AttributeValue::B(std::string(bytes));
  auto corrupt = [] { return MakeError("corrupt", "bad number key encoding"); };
  if (bytes.empty()) return corrupt();
  auto tag = static_cast<unsigned char>(bytes[0]);
  if (tag == kZero) return AttributeValue::N(Number());
  if (tag != kPositive && tag != kNegative) return corrupt();
  const bool neg = tag == kNegative;
  std::string_view body = bytes.substr(1);
  if (neg) {
    if (body.empty() || static_cast<unsigned char>(body.back()) != 0xFF) return corrupt();
    body.remove_suffix(1);
  }
  if (body.size() < 2) return corrupt();
  auto get = [&](size_t i) {
    auto b = static_cast<unsigned char>(body[i]);
    return static_cast<unsigned>(neg ? 0xFF - b : b);
  };
  int e = static_cast<int>(get(0)) - kExponentBias;
  std::string digits;
  for (size_t i = 1; i < body.size(); ++i) {
    unsigned b = get(i);
    unsigned hi = b >> 4, lo = b & 0xF;
    if (hi < 1 || hi > 10 || lo > 10) return corrupt();
    digits.push_back(static_cast<char>('0' + hi - 1));
    if (lo != 0) digits.push_back(static_cast<char>('0' + lo - 1));
  }
  // value = 0.digits x 10^e = digits x 10^(e - len)
  std::string text = neg ? "-" : "";
  text += digits;
  text += "E" + std::to_string(e - static_cast<int>(digits.size()));
  auto n = Number::Parse(text);
  if (!n.ok()) return corrupt();
  return AttributeValue::N(std::move(n).value());
}

std::string EncodeKeyComponentPrefix(const AttributeValue& v) {
  std::string plain = EncodeKeyValue(v);
  std::string out;
  out.reserve(plain.size() + 2);
  for (char c : plain) {
    out.push_back(c);
    if (c == '\0') out.push_back(static_cast<char>(0xFF));
  }
  return out;
}

std::string EncodeKeyComponent(const AttributeValue& v) {
  std::string out = EncodeKeyComponentPrefix(v);
  out.push_back('\0');
  out.push_back('\0');
  return out;
}

std::string EncodeKeyComponentUpper(const AttributeValue& v) {
  std::string out = EncodeKeyComponentPrefix(v);
  out.push_back('\0');
  out.push_back('\x01');
  return out;
}

std::string EncodeKeyParts(const std::vector<AttributeValue>& parts) {
  assert(!parts.empty());
  if (parts.size() == 1) return EncodeKeyValue(parts[0]);
  std::string out;
  for (const auto& p : parts) out += EncodeKeyComponent(p);
  return out;
}

Result<std::vector<AttributeValue>> DecodeKeyParts(const std::vector<ScalarType>& types,
                                                   std::string_view bytes) {
  std::vector<AttributeValue> out;
  if (types.size() == 1) {
    SB_ASSIGN_OR_RETURN(AttributeValue v, DecodeKeyValue(types[0], bytes));
    out.push_back(std::move(v));
    return out;
  }
  auto corrupt = [] { return MakeError("corrupt", "bad multi-attribute key encoding"); };
  size_t i = 0;
  for (ScalarType type : types) {
    std::string plain;
    for (;;) {
      if (i >= bytes.size()) return corrupt();
      char c = bytes[i++];
      if (c != '\0') {
        plain.push_back(c);
        continue;
      }
      if (i >= bytes.size()) return corrupt();
      auto next = static_cast<unsigned char>(bytes[i++]);
      if (next == 0xFF) {
        plain.push_back('\0');
      } else if (next == 0x00) {
        break;
      } else {
        return corrupt();
      }
    }
    SB_ASSIGN_OR_RETURN(AttributeValue v, DecodeKeyValue(type, plain));
    out.push_back(std::move(v));
  }
  if (i != bytes.size()) return corrupt();
  return out;
}

}  // namespace sb::engine::storage
