// File-backed checkpoints. See checkpoint_store.h.
#include "trigger/checkpoint_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/private_files.h"
#include "protocol/streams/sequence_number.h"

namespace sb::trigger {
namespace json = boost::json;

namespace {
Error CheckpointError(const std::string& message) { return MakeError("checkpoint", message); }

Status WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return CheckpointError(std::string("write: ") + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  return {};
}

std::string DirName(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}
}  // namespace

Result<std::unique_ptr<CheckpointStore>> CheckpointStore::Open(std::string path,
                                                               std::string stream_arn) {
  std::unique_ptr<CheckpointStore> store(new CheckpointStore(path, stream_arn));
  if (path.empty()) return store;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return store;
    return CheckpointError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(buffer.str(), ec);
  const json::object* root = ec ? nullptr : v.if_object();
  if (root == nullptr) return CheckpointError(path + ": not a JSON object");
  const json::value* arn = root->if_contains("streamArn");
  if (arn == nullptr || !arn->is_string()) return CheckpointError(path + ": no streamArn");
  if (arn->get_string() != stream_arn) {
    return CheckpointError(path + " holds checkpoints of " + std::string(arn->get_string()) +
                           ", not of " + stream_arn);
  }
  if (const json::value* init = root->if_contains("initialized"); init && init->is_bool()) {
    store->initialized_ = init->get_bool();
  }
  const json::value* shards = root->if_contains("shards");
  if (shards != nullptr) {
    if (!shards->is_object()) return CheckpointError(path + ": shards is not an object");
    for (const auto& [id, entry] : shards->get_object()) {
      const json::object* e = entry.if_object();
      if (e == nullptr) return CheckpointError(path + ": shard entry is not an object");
      ShardCheckpoint cp;
      if (const json::value* seq = e->if_contains("sequenceNumber")) {
        if (!seq->is_string() || !protocol::IsSequenceNumberDigits(seq->get_string())) {
          return CheckpointError(path + ": bad sequenceNumber for shard " + std::string(id));
        }
        cp.sequence_number = std::string(seq->get_string());
      }
      if (const json::value* nb = e->if_contains("notBefore")) {
        if (!nb->is_int64()) return CheckpointError(path + ": bad notBefore");
        cp.not_before_seconds = nb->get_int64();
      }
      if (const json::value* f = e->if_contains("finished"); f && f->is_bool()) {
        cp.finished = f->get_bool();
      }
      store->shards_[std::string(id)] = cp;
    }
  }
  return store;
}

std::optional<ShardCheckpoint> CheckpointStore::Get(const std::string& shard_id) const {
  std::lock_guard lock(mu_);
  auto it = shards_.find(shard_id);
  if (it == shards_.end()) return std::nullopt;
  return it->second;
}

bool CheckpointStore::initialized() const {
  std::lock_guard lock(mu_);
  return initialized_;
}

Status CheckpointStore::Put(const std::string& shard_id, const ShardCheckpoint& checkpoint) {
  std::lock_guard lock(mu_);
  shards_[shard_id] = checkpoint;
  return PersistLocked();
}

Status CheckpointStore::MarkInitialized() {
  std::lock_guard lock(mu_);
  initialized_ = true;
  return PersistLocked();
}

Status CheckpointStore::PersistLocked() const {
  if (path_.empty()) return {};
  json::object shards;
  for (const auto& [id, cp] : shards_) {
    json::object e;
    if (cp.sequence_number) e["sequenceNumber"] = *cp.sequence_number;
    if (cp.not_before_seconds) e["notBefore"] = *cp.not_before_seconds;
    if (cp.finished) e["finished"] = true;
    shards[id] = std::move(e);
  }
  json::object root{{"version", 1}, {"streamArn", stream_arn_}, {"initialized", initialized_}};
  root["shards"] = std::move(shards);
  std::string data = json::serialize(root) + "\n";

  std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return CheckpointError("open " + tmp + ": " + std::strerror(errno));
  Status written = WriteAll(fd, data);
  if (written.ok() && ::fsync(fd) != 0) {
    written = CheckpointError("fsync " + tmp + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (!written.ok()) return written;
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    return CheckpointError("rename " + tmp + ": " + std::strerror(errno));
  }
  int dir = ::open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace sb::trigger
