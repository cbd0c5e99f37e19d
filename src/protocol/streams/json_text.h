// Reading the parts of a JSON text where they are: the members of an object and the elements
// of an array, each as the exact bytes of the text, without parsing anything into a DOM. This
// is how a stream record's text, serialized once when it was written, travels unchanged from
// a GetRecords response into a Lambda event (docs/lambda-wire.md §1).
//
// The scanner checks structure only (balanced brackets, complete strings, ':' and ','
// where they belong); scalar values are not validated. Use it on text that is already known
// to be JSON (the client parsed the response) or where a later parse catches the rest.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace sb::protocol {

struct JsonMemberText {
  std::string_view key;    // the key's text with its quotes, escapes as written: "\"Keys\""
  std::string_view value;  // the value's text, whitespace around it excluded
};

// The members of the JSON object `text` (whitespace around it allowed), in text order;
// nullopt when `text` is not one structurally complete object.
std::optional<std::vector<JsonMemberText>> JsonObjectMembers(std::string_view text);

// The elements of the JSON array `text`, in order; nullopt when it is not one array.
std::optional<std::vector<std::string_view>> JsonArrayElements(std::string_view text);

// The value text of the member of object `text` whose key is `key` (compared as written,
// so a key spelled with escapes does not match); nullopt when there is none or `text` is not
// an object.
std::optional<std::string_view> JsonMemberValue(std::string_view text, std::string_view key);

}  // namespace sb::protocol
