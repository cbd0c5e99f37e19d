#include "reads/page_token.h"

#include "protocol/dynamodb/json_codec.h"

namespace sb::reads {
namespace {

Error Invalid(std::string_view why) {
  return MakeError("InvalidPageToken", "the page token is not one this API gave out (" +
                                           std::string(why) + ")");
}

}  // namespace

std::string EncodePageToken(const PageToken& token) {
  std::string bytes(8, '\0');
  const uint64_t offset = static_cast<uint64_t>(token.offset);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((offset >> (8 * (7 - i))) & 0xFF);
  bytes += token.last_key;
  std::string text = protocol::Base64Encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

Result<PageToken> DecodePageToken(std::string_view text) {
  if (text.size() > kMaxPageTokenChars) return Invalid("too long");
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return Invalid("not base64url");
    }
  }
  if (standard.size() % 4 == 1) return Invalid("not base64url");
  while (standard.size() % 4 != 0) standard.push_back('=');
  std::string bytes;
  if (!protocol::Base64Decode(standard, &bytes)) return Invalid("not base64url");
  if (bytes.size() < 9) return Invalid("too short");
  uint64_t offset = 0;
  for (int i = 0; i < 8; ++i) offset = (offset << 8) | static_cast<unsigned char>(bytes[i]);
  if (offset > static_cast<uint64_t>(INT64_MAX)) return Invalid("bad offset");
  return PageToken{static_cast<int64_t>(offset), bytes.substr(8)};
}

}  // namespace sb::reads
