// Compact binary serialization of items, as stored in the items and index tables.
// Pure; thread-safe.
//
// Format (a tiny grammar; integers are LEB128 varints):
//   item   := varint(count) { string(name) value }        ; names in ascending byte order
//   value  := 0x01 string                                 ; S
//           | 0x02 string                                 ; N, canonical decimal text
//           | 0x03 string                                 ; B, raw bytes
//           | 0x04 (0x00 | 0x01)                          ; BOOL
//           | 0x05                                        ; NULL
//           | 0x06 item                                   ; M (same shape as an item)
//           | 0x07 varint(count) { value }                ; L
//           | 0x08 varint(count) { string }               ; SS
//           | 0x09 varint(count) { string }               ; NS, canonical decimal text
//           | 0x0A varint(count) { string }               ; BS
//   string := varint(length) bytes
// Decoding validates every length and tag and returns code "corrupt" on any mismatch, so a
// damaged row is an error, never undefined behaviour.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::storage {

std::string EncodeItem(const protocol::Item& item);
void AppendItem(const protocol::Item& item, std::string* out);
Result<protocol::Item> DecodeItem(std::string_view bytes);

}  // namespace sb::engine::storage
