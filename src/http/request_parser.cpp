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
// 16 MB and send nothing.
constexpr size_t kMaxReserve = 1 << 20;

class BeastParser final : public bhttp::basic_parser<true> {
 public:
  BeastParser(Request* out, size_t max_body, size_t max_header) : out_(out), max_body_(max_body) {
    body_limit(static_cast<std::uint64_t>(max_body));
    header_limit(static_cast<std::uint32_t>(std::min<size_t>(max_header, UINT32_MAX)));
    eager(true);
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
    if (length) out_->body.reserve(std::min<size_t>(static_cast<size_t>(*length), kMaxReserve));
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
    out_->body.append(body.data(), body.size());
    return body.size();
  }

  Request* out_;
  size_t max_body_;
  int version_ = 11;
};

}  // namespace

struct RequestParser::Impl {
  size_t max_body;
  size_t header_limit;
  std::optional<BeastParser> parser;
};

RequestParser::RequestParser(size_t max_body_bytes, size_t header_limit_bytes)
    : impl_(std::make_unique<Impl>(Impl{max_body_bytes, header_limit_bytes, std::nullopt})) {}

RequestParser::~RequestParser() = default;

void RequestParser::Reset(Request* out) {
  out->method.clear();
  out->target.clear();
  out->headers.Clear();
  out->body.clear();
  impl_->parser.emplace(out, impl_->max_body, impl_->header_limit);
}

RequestParser::Status RequestParser::Feed(std::string_view data, size_t* consumed) {
  BeastParser& p = *impl_->parser;
  beast::error_code ec;
  *consumed = p.put(boost::asio::const_buffer(data.data(), data.size()), ec);
  if (ec == bhttp::error::need_more) return Status::kNeedMore;
  if (ec == bhttp::error::body_limit) return Status::kBodyTooLarge;
  if (ec) return Status::kBadRequest;
  return p.is_done() ? Status::kComplete : Status::kNeedMore;
}

bool RequestParser::got_some() const { return impl_->parser && impl_->parser->got_some(); }
bool RequestParser::keep_alive() const { return impl_->parser && impl_->parser->keep_alive(); }
int RequestParser::version() const { return impl_->parser ? impl_->parser->version() : 11; }

}  // namespace sb::http
