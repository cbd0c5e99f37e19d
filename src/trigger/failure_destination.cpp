// On-failure records. See failure_destination.h.
#include "trigger/failure_destination.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "base/clock.h"
#include "base/private_files.h"

namespace sb::trigger {
namespace json = boost::json;

namespace {
// "2019-11-14T00:13:19Z" (the DDBStreamBatchInfo arrival fields have whole seconds).
std::string IsoSeconds(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

std::string EncodeFailureRecord(const FailureRecord& r) {
  json::object request{{"requestId", r.request_id},
                       {"functionArn", r.function_arn},
                       {"condition", r.condition},
                       {"approximateInvokeCount", r.approximate_invoke_count}};
  json::object response{{"statusCode", 200}, {"executedVersion", "$LATEST"}};
  if (!r.function_error.empty()) response["functionError"] = r.function_error;
  json::object info{{"shardId", r.shard_id},
                    {"startSequenceNumber", r.start_sequence_number},
                    {"endSequenceNumber", r.end_sequence_number},
                    {"approximateArrivalOfFirstRecord", IsoSeconds(r.first_arrival_seconds)},
                    {"approximateArrivalOfLastRecord", IsoSeconds(r.last_arrival_seconds)},
                    {"batchSize", r.batch_size},
                    {"streamArn", r.stream_arn}};
  json::object root;
  root["requestContext"] = std::move(request);
  root["responseContext"] = std::move(response);
  root["version"] = "1.0";
  root["timestamp"] = FormatIso8601Millis(r.timestamp_millis);
  root["DDBStreamBatchInfo"] = std::move(info);
  return json::serialize(root);
}

Status JsonLinesFailureFile::Write(const FailureRecord& record) {
  std::string line = EncodeFailureRecord(record) + "\n";
  std::lock_guard lock(mu_);
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return MakeError("on_failure", "open " + path_ + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string message = "write " + path_ + ": " + std::strerror(errno);
      ::close(fd);
      return MakeError("on_failure", message);
    }
    off += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return {};
}

}  // namespace sb::trigger
