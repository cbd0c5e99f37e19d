// Reading a JSON text's parts in place. See json_text.h.
#include "protocol/streams/json_text.h"

#include <cstddef>

namespace sb::protocol {
namespace {

constexpr size_t kFail = std::string_view::npos;
constexpr int kMaxDepth = 256;  // deeper than any record: DynamoDB allows 32 levels

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view t, size_t i) {
  while (i < t.size() && IsSpace(t[i])) ++i;
  return i;
}

// `i` at an opening quote: the position after the closing one.
size_t SkipString(std::string_view t, size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
    } else if (t[i] == '"') {
      return i + 1;
    } else if (static_cast<unsigned char>(t[i]) < 0x20) {
      return kFail;  // control characters must be escaped
    }
  }
  return kFail;
}

// `i` at the first character of a value: the position after it.
size_t SkipValue(std::string_view t, size_t i) {
  if (i >= t.size()) return kFail;
  if (t[i] == '"') return SkipString(t, i);
  if (t[i] != '{' && t[i] != '[') {
    size_t j = i;
    while (j < t.size() && !IsSpace(t[j]) && t[j] != ',' && t[j] != '}' && t[j] != ']' &&
           t[j] != ':' && t[j] != '"' && t[j] != '{' && t[j] != '[') {
      ++j;
    }
    return j == i ? kFail : j;
  }
  char stack[kMaxDepth];
  int depth = 0;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c == '"') {
      i = SkipString(t, i);
      if (i == kFail) return kFail;
      --i;
    } else if (c == '{' || c == '[') {
      if (depth == kMaxDepth) return kFail;
      stack[depth++] = c == '{' ? '}' : ']';
    } else if (c == '}' || c == ']') {
      if (depth == 0 || stack[--depth] != c) return kFail;
      if (depth == 0) return i + 1;
    }
  }
  return kFail;
}

// The text between the brackets of a container `open`...`close`, or nullopt.
std::optional<std::string_view> Inside(std::string_view text, char open, char close) {
  size_t b = SkipSpace(text, 0);
  if (b >= text.size() || text[b] != open) return std::nullopt;
  size_t e = SkipValue(text, b);
  if (e == kFail || SkipSpace(text, e) != text.size() || text[e - 1] != close) {
    return std::nullopt;
  }
  return text.substr(b + 1, e - b - 2);
}

}  // namespace

std::optional<std::vector<JsonMemberText>> JsonObjectMembers(std::string_view text) {
  std::optional<std::string_view> body = Inside(text, '{', '}');
  if (!body) return std::nullopt;
  std::string_view t = *body;
  std::vector<JsonMemberText> out;
  size_t i = SkipSpace(t, 0);
  while (i < t.size()) {
    if (!out.empty()) {
      if (t[i] != ',') return std::nullopt;
      i = SkipSpace(t, i + 1);
    }
    if (i >= t.size() || t[i] != '"') return std::nullopt;
    size_t key_end = SkipString(t, i);
    if (key_end == kFail) return std::nullopt;
    size_t colon = SkipSpace(t, key_end);
    if (colon >= t.size() || t[colon] != ':') return std::nullopt;
    size_t v = SkipSpace(t, colon + 1);
    size_t v_end = SkipValue(t, v);
    if (v_end == kFail) return std::nullopt;
    out.push_back({t.substr(i, key_end - i), t.substr(v, v_end - v)});
    i = SkipSpace(t, v_end);
  }
  return out;
}

std::optional<std::vector<std::string_view>> JsonArrayElements(std::string_view text) {
  std::optional<std::string_view> body = Inside(text, '[', ']');
  if (!body) return std::nullopt;
  std::string_view t = *body;
  std::vector<std::string_view> out;
  size_t i = SkipSpace(t, 0);
  while (i < t.size()) {
    if (!out.empty()) {
      if (t[i] != ',') return std::nullopt;
      i = SkipSpace(t, i + 1);  // a trailing comma leaves i at the end: SkipValue fails
    }
    size_t e = SkipValue(t, i);
    if (e == kFail) return std::nullopt;
    out.push_back(t.substr(i, e - i));
    i = SkipSpace(t, e);
  }
  return out;
}

std::optional<std::string_view> JsonMemberValue(std::string_view text, std::string_view key) {
  auto members = JsonObjectMembers(text);
  if (!members) return std::nullopt;
  for (const JsonMemberText& m : *members) {
    if (m.key.size() == key.size() + 2 && m.key.substr(1, key.size()) == key) return m.value;
  }
  return std::nullopt;
}

}  // namespace sb::protocol
