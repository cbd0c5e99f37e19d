// DynamoDB's reserved words: names that may not appear bare in an expression (a client must use
// an ExpressionAttributeNames placeholder instead). The list is DynamoDB's documented one
// ("Reserved words in DynamoDB"), matched case-insensitively as DynamoDB does.
// Pure; thread-safe.
#pragma once

#include <string_view>

namespace sb::engine::expr {

// True when `word` (any case) is a DynamoDB reserved word.
bool IsReservedWord(std::string_view word);

}  // namespace sb::engine::expr
