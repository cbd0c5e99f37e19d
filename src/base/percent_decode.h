// PercentDecode: application/x-www-form-urlencoded decoding of one query-string name or value
// (%XX escapes, '+' for a space). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb {

// The decoded bytes; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view in);

}  // namespace sb
