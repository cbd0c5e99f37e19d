// Builds the stream record of one item change exactly as DynamoDB Streams writes it
// (docs/streams-wire.md §6): which images appear for each view type and event, SizeBytes, and the
// TTL service identity. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/model/table.h"
#include "protocol/dynamodb/attribute_value.h"
#include "protocol/streams/stream_record.h"

namespace sb::engine::streams {

struct ItemChange {
  const KeySchema* key = nullptr;                           // REQUIRES: non-null
  const std::optional<protocol::Item>* old_item = nullptr;  // REQUIRES: non-null
  const std::optional<protocol::Item>* new_item = nullptr;  // REQUIRES: non-null
  bool ttl_delete = false;
};

// True iff the change produces a record: an insert, a delete of a stored item, or a write
// that changes the item (DynamoDB: "a PutItem or UpdateItem that does not change any data in
// the item does not produce a stream record").
bool ChangesItem(const ItemChange& change);

// The record of `change` (REQUIRES: ChangesItem). INSERT when there was no old item, REMOVE
// when there is no new one, MODIFY otherwise. Images by view type:
//   KEYS_ONLY          Keys
//   NEW_IMAGE          Keys, NewImage (not on REMOVE)
//   OLD_IMAGE          Keys, OldImage (not on INSERT)
//   NEW_AND_OLD_IMAGES Keys, and each image that exists
// SizeBytes is the DynamoDB item size of Keys + the images present (docs/dynamodb-wire.md §6).
protocol::StreamRecord BuildRecord(const ItemChange& change, protocol::StreamViewType view,
                                   std::string event_id, std::string sequence_number,
                                   int64_t created_unix_millis, std::string region);

}  // namespace sb::engine::streams
