#include "engine/expr/reserved_words.h"

#include <gtest/gtest.h>

namespace sb::engine::expr {
namespace {

TEST(ReservedWordsTest, CaseInsensitiveMembers) {
  for (const char* w : {"status", "STATUS", "Name", "abort", "ZONE", "value", "size", "key", "data",
                        "timestamp", "year", "count"}) {
    EXPECT_TRUE(IsReservedWord(w)) << w;
  }
}

TEST(ReservedWordsTest, NonMembers) {
  for (const char* w : {"Score", "PlayerId", "GameId", "abc", "statuses", "", "x",
                        "attribute_exists", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    EXPECT_FALSE(IsReservedWord(w)) << w;
  }
}

}  // namespace
}  // namespace sb::engine::expr
