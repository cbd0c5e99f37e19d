// Tests for protocol/streams/json_text.h: parts of a JSON text, read in place.
#include "protocol/streams/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::protocol {
namespace {

TEST(JsonText, ObjectMembersAreTheTextsOwnBytes) {
  const std::string text =
      R"( { "a" : 1.50E2 , "b\"c":{"x":[1,"]}",{}]}, "d":"\u00e9,}" ,"e":null} )";
  auto members = JsonObjectMembers(text);
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 4u);
  EXPECT_EQ((*members)[0].key, R"("a")");
  EXPECT_EQ((*members)[0].value, "1.50E2");
  EXPECT_EQ((*members)[1].key, R"("b\"c")");
  EXPECT_EQ((*members)[1].value, R"({"x":[1,"]}",{}]})");
  EXPECT_EQ((*members)[2].value, R"("\u00e9,}")");
  EXPECT_EQ((*members)[3].value, "null");
  EXPECT_EQ(JsonMemberValue(text, "d").value_or(""), R"("\u00e9,}")");
  EXPECT_FALSE(JsonMemberValue(text, "b").has_value());
  EXPECT_EQ(JsonObjectMembers("{}")->size(), 0u);
}

TEST(JsonText, ArrayElements) {
  auto elements = JsonArrayElements(R"([ {"a":[1]} ,"x]" , 3 ])");
  ASSERT_TRUE(elements.has_value());
  ASSERT_EQ(elements->size(), 3u);
  EXPECT_EQ((*elements)[0], R"({"a":[1]})");
  EXPECT_EQ((*elements)[1], R"("x]")");
  EXPECT_EQ((*elements)[2], "3");
  EXPECT_EQ(JsonArrayElements("[]")->size(), 0u);
}

TEST(JsonText, RejectsWhatIsNotOneCompleteValue) {
  for (const char* bad : {"", "[", "{", R"({"a":1)", R"({"a":1}})", R"({"a":1} x)", R"({"a" 1})",
                          R"({"a":})", R"({"a":1,})", R"({,"a":1})", R"({"a":[1}})", "[1,]",
                          "[1 2]", R"(["abc)", "{\"a\":\"x\ny\"}", "[1]"}) {
    EXPECT_FALSE(JsonObjectMembers(bad).has_value()) << bad;
  }
  for (const char* bad : {"", "[", "[1,]", "[1 2]", "[,1]", "{}", "[1]]"}) {
    EXPECT_FALSE(JsonArrayElements(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sb::protocol
