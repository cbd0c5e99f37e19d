// StoredItem: an item as Store::Get returns it, decoded and with its JSON text
// (protocol/dynamodb/item_json.h) ready for a response, so a GetItem served from the item cache
// writes neither again. Shared with the cache: never modified.
#pragma once

#include <string>

#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::storage {

struct StoredItem {
  protocol::Item item;
  std::string json;  // AppendItemJson(item)
};

}  // namespace sb::engine::storage
