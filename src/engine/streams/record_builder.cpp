#include "engine/streams/record_builder.h"

#include "engine/model/keys.h"

namespace sb::engine::streams {

using protocol::StreamEventName;
using protocol::StreamViewType;

bool ChangesItem(const ItemChange& change) {
  const auto& old_item = *change.old_item;
  const auto& new_item = *change.new_item;
  if (!old_item && !new_item) return false;
  if (old_item && new_item) return !(*old_item == *new_item);
  return true;
}

protocol::StreamRecord BuildRecord(const ItemChange& change, StreamViewType view,
                                   std::string event_id, std::string sequence_number,
                                   int64_t created_unix_millis, std::string region) {
  const auto& old_item = *change.old_item;
  const auto& new_item = *change.new_item;
  protocol::StreamRecord r;
  r.event_id = std::move(event_id);
  r.event_name = !old_item ? StreamEventName::kInsert
                           : (!new_item ? StreamEventName::kRemove : StreamEventName::kModify);
  r.aws_region = std::move(region);
  // DynamoDB rounds ApproximateCreationDateTime down to the second.
  r.approximate_creation_date_time = created_unix_millis / 1000;
  r.keys = KeyItem(*change.key, new_item ? *new_item : *old_item);
  const bool wants_new =
      view == StreamViewType::kNewImage || view == StreamViewType::kNewAndOldImages;
  const bool wants_old =
      view == StreamViewType::kOldImage || view == StreamViewType::kNewAndOldImages;
  if (wants_new && new_item) r.new_image = *new_item;
  if (wants_old && old_item) r.old_image = *old_item;
  r.sequence_number = std::move(sequence_number);
  r.stream_view_type = view;
  r.size_bytes = protocol::StreamRecordSizeBytes(r);
  if (change.ttl_delete) {
    // TTL deletions are made by the service (docs/streams-wire.md §6.1).
    r.user_identity = protocol::StreamUserIdentity{"Service", "dynamodb.amazonaws.com"};
  }
  return r;
}

}  // namespace sb::engine::streams
