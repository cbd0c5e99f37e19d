// CurlClient: one libcurl easy handle per thread, reused for every request that thread sends,
// so curl's per-handle connection cache gives keep-alive reuse without any locking.
// curl_easy_reset() before each request clears options but keeps live connections and the
// DNS cache. curl_global_init runs once per process (std::call_once).
#include "http/client.h"

#include <curl/curl.h>

#include <unistd.h>

#include <cstdlib>
#include <mutex>

namespace sb::http {

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The calling thread's easy handle; cleaned up when the thread exits.
class ThreadHandle {
 public:
  ~ThreadHandle() {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
  }
  CURL* Get() {
    if (handle_ == nullptr) handle_ = curl_easy_init();
    return handle_;
  }

 private:
  CURL* handle_ = nullptr;
};

thread_local ThreadHandle tls_handle;

// The system CA bundle, looked up once. Needed because the packaged function carries
// Debian's libcurl, whose built-in default path does not exist on Amazon Linux 2023.
const std::string& SystemCaBundle() {
  static const std::string path = FindCaBundle(kCaBundleCandidates).value_or("");
  return path;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Collect {
  Response* response;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* c = static_cast<Collect*>(user);
  c->response->body.append(data, size * count);
  return size * count;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* c = static_cast<Collect*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line (after a 1xx or a redirect): only the final response's headers count.
    c->response->headers.Clear();
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();  // the blank line, or junk
  c->response->headers.Add(std::string(Trim(line.substr(0, colon))),
                           std::string(Trim(line.substr(colon + 1))));
  return line.size();
}

Error TransportError(CURLcode code, const char* detail) {
  std::string message = curl_easy_strerror(code);
  if (detail != nullptr && detail[0] != '\0') message += std::string(": ") + detail;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return MakeError("connect", message);
    case CURLE_OPERATION_TIMEDOUT:
      return MakeError("timeout", message);
    default:
      return MakeError("transport", message);
  }
}

}  // namespace

std::optional<std::string> FindCaBundle(const std::vector<std::string>& candidates) {
  for (const auto& path : candidates) {
    if (::access(path.c_str(), R_OK) == 0) return path;
  }
  return std::nullopt;
}

struct CurlClient::Impl {};

CurlClient::CurlClient() : impl_(std::make_unique<Impl>()) { GlobalInitOnce(); }
CurlClient::~CurlClient() = default;

Result<Response> CurlClient::Send(const ClientRequest& request) {
  CURL* curl = tls_handle.Get();
  if (curl == nullptr) return MakeError("transport", "curl_easy_init failed");
  curl_easy_reset(curl);

  Response response;
  Collect collect{&response};
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  if (!SystemCaBundle().empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, SystemCaBundle().c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &collect);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &collect);

  const std::string& method = request.method;
  if (method == "GET" && request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    // POSTFIELDS sends the body with a Content-Length (never chunked); other verbs reuse it.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  curl_slist* raw = nullptr;
  bool has_content_type = false;
  bool has_accept = false;
  std::string line;
  for (const auto& [name, value] : request.headers.all()) {
    if (EqualsIgnoreCase(name, "Content-Type")) has_content_type = true;
    if (EqualsIgnoreCase(name, "Accept")) has_accept = true;
    line.assign(name);
    // "Name;" is curl's spelling of a header with an empty value ("Name:" would delete it).
    if (value.empty()) {
      line.append(";");
    } else {
      line.append(": ").append(value);
    }
    raw = curl_slist_append(raw, line.c_str());
  }
  // No "Expect: 100-continue" round trip, and no headers the caller did not ask for
  // (curl would add a form Content-Type to POSTs and "Accept: */*").
  raw = curl_slist_append(raw, "Expect:");
  if (!has_content_type) raw = curl_slist_append(raw, "Content-Type:");
  if (!has_accept) raw = curl_slist_append(raw, "Accept:");
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

  CURLcode code = curl_easy_perform(curl);
  // Drop pointers into this frame before returning; the handle outlives the call.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return TransportError(code, error_buffer);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace sb::http
