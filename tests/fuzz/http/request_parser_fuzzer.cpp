// libFuzzer target for the server's request parsing path: the input is split into reads of
// varying sizes (the first byte seeds the split and whether the parser pauses after each
// head) and fed to RequestParser exactly as the server's connection loop does, pipelined
// messages included.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 64;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  // The server pauses after the head (to check it before the body); odd seeds do the same.
  sb::http::RequestParser::Limits limits;
  limits.max_body_bytes = 4096;
  limits.header_limit_bytes = 2048;
  limits.line_limit_bytes = 512;
  limits.pause_after_header = (data[0] & 0x40) != 0;
  sb::http::RequestParser parser(limits);
  sb::http::Request request;
  parser.Reset(&request);
  std::string buffer;
  size_t offset = 0;
  while (offset < input.size()) {
    buffer.append(input.substr(offset, step));
    offset += step;
    for (;;) {
      size_t used = 0;
      auto status = parser.Feed(buffer, &used);
      if (used > buffer.size()) __builtin_trap();
      buffer.erase(0, used);
      if (status == sb::http::RequestParser::Status::kComplete) {
        if (request.body.size() > 4096) __builtin_trap();
        parser.Reset(&request);
        if (!buffer.empty()) continue;
        break;
      }
      if (status == sb::http::RequestParser::Status::kHeaderComplete) {
        if (!parser.header_done()) __builtin_trap();
        continue;  // the server goes on feeding the body
      }
      if (status != sb::http::RequestParser::Status::kNeedMore)
        return 0;  // 400/413: connection closes
      break;
    }
  }
  return 0;
}
