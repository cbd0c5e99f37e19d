// The operation table: DynamoDB operation name (the part of X-Amz-Target after
// "DynamoDB_20120810.") -> operation function. Thread-safe (immutable).
#pragma once

#include <string_view>

#include "engine/ops/context.h"

namespace sb::engine::ops {

// The operation of that name, or nullptr if this engine has none.
OpFn FindOperation(std::string_view name);

}  // namespace sb::engine::ops
