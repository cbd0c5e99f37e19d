// Helpers shared by the signer (sigv4.cpp) and the verifier (verify.cpp); not part of the
// sigv4 API. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/sigv4.h"

namespace sb::sigv4::detail {

// ASCII lower case.
std::string Lower(std::string_view s);
// ASCII case-insensitive equality (header names).
bool IEquals(std::string_view a, std::string_view b);
// The first header named `name` (case-insensitive), or nullptr.
const std::string* FindHeader(const HeaderList& headers, std::string_view name);

}  // namespace sb::sigv4::detail
