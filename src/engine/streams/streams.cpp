#include "engine/streams/streams.h"

#include <openssl/rand.h>

#include <algorithm>

#include "engine/storage/stream_rows.h"
#include "engine/streams/retention.h"

namespace sb::engine::streams {

namespace {

constexpr std::string_view kSecretKey = "iterator_secret";

Result<std::string> NewSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return MakeError("crypto", "RAND_bytes failed");
  static const char kHex[] = "0123456789abcdef";
  std::string secret;
  for (unsigned char b : bytes) {
    secret.push_back(kHex[b >> 4]);
    secret.push_back(kHex[b & 0xF]);
  }
  return secret;
}

}  // namespace

Streams::Streams(StreamsOptions options) : options_(std::move(options)) {
  options_.shards = std::max(1, options_.shards);
}
Streams::~Streams() = default;

Status Streams::Attach(storage::Store* store) {
  store_ = store;
  std::string secret;
  Status st = store_->Write([&](storage::WriteTxn& txn) -> Status {
    SB_ASSIGN_OR_RETURN(auto stored, storage::GetStreamMeta(txn, kSecretKey));
    if (stored && !stored->empty()) {
      secret = std::move(*stored);
    } else {
      SB_ASSIGN_OR_RETURN(secret, NewSecret());
      SB_TRY_STATUS(storage::PutStreamMeta(txn, kSecretKey, secret));
    }
    return records_.LoadCounter(txn);
  });
  if (!st.ok()) return st;
  codec_ = std::make_unique<IteratorCodec>(secret);
  return {};
}

Status Streams::OnItemChange(storage::WriteTxn& txn, const TableDef& table,
                             const std::optional<protocol::Item>& old,
                             const std::optional<protocol::Item>& now,
                             storage::ChangeCause cause) {
  if (!table.stream.enabled) return {};
  if (codec_ == nullptr) return MakeError("streams", "streams are not attached to the store");
  const int64_t now_ms = options_.clock->NowUnixMillis();
  SB_ASSIGN_OR_RETURN(bool appended, observer_.OnItemChange(txn, table, old, now, cause, now_ms));
  if (appended && now_ms - last_sweep_millis_.load() >= options_.sweep_interval_millis) {
    last_sweep_millis_ = now_ms;
    SB_TRY_STATUS(SweepRetention(txn, records_, options_, now_ms));
  }
  return {};
}

Status Streams::OnTableChange(storage::WriteTxn& txn, const TableDef* before,
                              const TableDef* after) {
  const bool was = before != nullptr && before->stream.enabled;
  const bool is = after != nullptr && after->stream.enabled;
  if (was == is) return {};
  if (codec_ == nullptr) return MakeError("streams", "streams are not attached to the store");
  return observer_.OnTableChange(txn, before, after, options_.clock->NowUnixMillis());
}

Status Streams::Sweep() {
  last_sweep_millis_ = options_.clock->NowUnixMillis();
  return store_->Write([&](storage::WriteTxn& txn) -> Status {
    return SweepRetention(txn, records_, options_, options_.clock->NowUnixMillis());
  });
}

void Streams::MaybeSweep() {
  const int64_t now_ms = options_.clock->NowUnixMillis();
  int64_t last = last_sweep_millis_.load();
  if (now_ms - last < options_.sweep_interval_millis) return;
  if (!last_sweep_millis_.compare_exchange_strong(last, now_ms)) return;  // another thread does it
  (void)store_->Write([&](storage::WriteTxn& txn) -> Status {
    return SweepRetention(txn, records_, options_, options_.clock->NowUnixMillis());
  });
}

}  // namespace sb::engine::streams
