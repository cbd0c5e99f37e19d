#include "engine/streams/iterator.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::streams {

namespace {

constexpr std::string_view kSeparator = "|1|";
constexpr size_t kPayloadBytes = 32;
constexpr size_t kMacBytes = 16;

void PutI64(std::string& out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((u >> shift) & 0xFF));
}

int64_t GetI64(std::string_view in, size_t at) {
  uint64_t u = 0;
  for (size_t i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(in[at + i]);
  return static_cast<int64_t>(u);
}

}  // namespace

std::string IteratorCodec::Mac(std::string_view arn, std::string_view payload) const {
  std::string input(arn);
  input += '|';
  input.append(payload);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), kMacBytes);
}

std::string IteratorCodec::Encode(const IteratorState& state) const {
  std::string payload;
  PutI64(payload, state.stream_id);
  PutI64(payload, state.shard_row);
  PutI64(payload, state.after);
  PutI64(payload, state.issued_millis);
  std::string blob = payload + Mac(state.stream_arn, payload);
  return state.stream_arn + std::string(kSeparator) + protocol::Base64Encode(blob);
}

std::optional<IteratorState> IteratorCodec::Decode(std::string_view token) const {
  auto sep = token.rfind(kSeparator);
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  std::string_view arn = token.substr(0, sep);
  std::string blob;
  if (!protocol::Base64Decode(token.substr(sep + kSeparator.size()), &blob)) return std::nullopt;
  if (blob.size() != kPayloadBytes + kMacBytes) return std::nullopt;
  std::string_view payload = std::string_view(blob).substr(0, kPayloadBytes);
  std::string expected = Mac(arn, payload);
  if (CRYPTO_memcmp(expected.data(), blob.data() + kPayloadBytes, kMacBytes) != 0) {
    return std::nullopt;
  }
  IteratorState s;
  s.stream_arn = std::string(arn);
  s.stream_id = GetI64(payload, 0);
  s.shard_row = GetI64(payload, 8);
  s.after = GetI64(payload, 16);
  s.issued_millis = GetI64(payload, 24);
  return s;
}

}  // namespace sb::engine::streams
