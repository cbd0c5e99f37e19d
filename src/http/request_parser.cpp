#include "http/request_parser.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <optional>

namespace sb::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// Never reserve more than this up front from a declared Content-Length: a peer could declare
// 16 MB and send one byte, on thousands of connections. Beyond it the body grows (doubling,
// at least kMinGrowth) as bytes actually arrive.
constexpr size_t kMaxReserve = 4 * 1024;
constexpr size_t kMinGrowth = 16 * 1024;

class BeastParser final : public bhttp::basic_parser<true> {
 public:
  BeastParser(Request* out, size_t max_body, size_t max_header, bool pause_after_header)
      : out_(out), max_body_(max_body) {
    body_limit(static_cast<std::uint64_t>(max_body));
    header_limit(static_cast<std::uint32_t>(std::min<size_t>(max_header, UINT32_MAX)));
    eager(!pause_after_header);
  }
  int version() const { return version_; }

 private:
  void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target,
                       int version, beast::error_code&) override {
    out_->method.assign(method.data(), method.size());
    out_->target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, beast::string_view, int, beast::error_code& ec) override {
    ec = bhttp::error::bad_version;  // unreachable for a request parser
  }
  void on_field_impl(bhttp::field, beast::string_view name, beast::string_view value,
                     beast::error_code&) override {
    out_->headers.Add(std::string(name.data(), name.size()),
                      std::string(value.data(), value.size()));
  }
  void on_header_impl(beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         beast::error_code& ec) override {
    if (length && *length > max_body_) {
      ec = bhttp::error::body_limit;
      return;
    }
    if (length) {
      declared_ = static_cast<size_t>(*length);
      out_->body.reserve(std::min<size_t>(static_cast<size_t>(*length), kMaxReserve));
    }
  }
  size_t on_body_impl(beast::string_view body, beast::error_code& ec) override {
    return Append(body, ec);
  }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, beast::string_view body,
                            beast::error_code& ec) override {
    return Append(body, ec);
  }
  void on_finish_impl(beast::error_code&) override {}

  size_t Append(beast::string_view body, beast::error_code& ec) {
    if (body.size() > max_body_ - std::min(max_body_, out_->body.size())) {
      ec = bhttp::error::body_limit;
      return 0;
    }
    // Grow geometrically but never past the declared length or the cap, so the buffer
    // (capacity, not just size) stays within max_body_bytes.
    const size_t need = out_->body.size() + body.size();
    if (need > out_->body.capacity()) {
      const size_t limit = declared_ ? std::min(max_body_, *declared_) : max_body_;
      // A fresh string: reserve() on a grown one may round up to twice its capacity.
      std::string grown;
      grown.reserve(
          std::max(need, std::min(std::max(out_->body.capacity() * 2, kMinGrowth), limit)));
      grown.append(out_->body);
      out_->body.swap(grown);
    }
    out_->body.append(body.data(), body.size());
    return body.size();
  }

  Request* out_;
  size_t max_body_;
  std::optional<size_t> declared_;  // Content-Length, when given
  int version_ = 11;
};

// The length of the request line at the start of `data` (leading empty lines skipped, as
// RFC 9112 allows), or npos when no line end is in view yet.
size_t RequestLineLength(std::string_view data) {
  size_t start = 0;
  while (start < data.size() && (data[start] == '\r' || data[start] == '\n')) ++start;
  size_t end = data.find('\n', start);
  return end == std::string_view::npos ? end : end - start;
}

}  // namespace

struct RequestParser::Impl {
  Limits limits;
  std::optional<BeastParser> parser;
  Request* out = nullptr;
  bool header_reported = false;
  size_t head_bytes = 0;  // head bytes consumed so far
};

RequestParser::RequestParser(const Limits& limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
}

RequestParser::RequestParser(size_t max_body_bytes, size_t header_limit_bytes)
    : RequestParser(Limits{max_body_bytes, header_limit_bytes, header_limit_bytes, false}) {}

RequestParser::~RequestParser() = default;

void RequestParser::Reset(Request* out) {
  out->method.clear();
  out->target.clear();
  out->headers.Clear();
  out->body.clear();
  impl_->out = out;
  impl_->header_reported = false;
  impl_->head_bytes = 0;
  impl_->parser.emplace(out, impl_->limits.max_body_bytes, impl_->limits.header_limit_bytes,
                        impl_->limits.pause_after_header);
}

RequestParser::Status RequestParser::Feed(std::string_view data, size_t* consumed) {
  BeastParser& p = *impl_->parser;
  *consumed = 0;
  const bool header_was_done = p.is_header_done();
  if (!header_was_done && impl_->head_bytes == 0) {
    const size_t line_limit = impl_->limits.line_limit_bytes;
    size_t line = RequestLineLength(data);
    if (line == std::string_view::npos ? data.size() > line_limit + 2 : line > line_limit + 1) {
      return Status::kLineTooLong;
    }
  }
  if (p.is_done()) return Status::kComplete;
  beast::error_code ec;
  *consumed = p.put(boost::asio::const_buffer(data.data(), data.size()), ec);
  if (ec == bhttp::error::need_more) ec = {};
  if (ec == bhttp::error::body_limit) return Status::kBodyTooLarge;
  if (ec == bhttp::error::header_limit) return Status::kHeaderTooLarge;
  if (ec) return Status::kBadRequest;
  // Beast applies its header limit to each put() window, and consumes complete fields as it
  // goes; the limit on the whole head is counted here.
  if (!header_was_done && (!p.is_header_done() || impl_->limits.pause_after_header)) {
    impl_->head_bytes += *consumed;
    const size_t pending = p.is_header_done() ? 0 : data.size() - *consumed;
    if (impl_->head_bytes + pending > impl_->limits.header_limit_bytes) {
      return Status::kHeaderTooLarge;
    }
  }
  if (impl_->limits.pause_after_header && p.is_header_done() && !impl_->header_reported) {
    impl_->header_reported = true;
    p.eager(true);
    return Status::kHeaderComplete;
  }
  return p.is_done() ? Status::kComplete : Status::kNeedMore;
}

bool RequestParser::got_some() const { return impl_->parser && impl_->parser->got_some(); }
bool RequestParser::header_done() const { return impl_->parser && impl_->parser->is_header_done(); }
bool RequestParser::expects_body() const {
  if (!impl_->parser || !impl_->parser->is_header_done() || impl_->parser->is_done()) return false;
  return impl_->parser->chunked() || impl_->parser->content_length().value_or(0) > 0;
}
bool RequestParser::expects_continue() const {
  if (!impl_->parser || !impl_->parser->is_header_done() || version() < 11) return false;
  auto expect = impl_->out->headers.Get("Expect");
  return expect && EqualsIgnoreCase(*expect, "100-continue");
}
bool RequestParser::keep_alive() const { return impl_->parser && impl_->parser->keep_alive(); }
int RequestParser::version() const { return impl_->parser ? impl_->parser->version() : 11; }

}  // namespace sb::http
