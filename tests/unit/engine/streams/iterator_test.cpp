#include "engine/streams/iterator.h"

#include <gtest/gtest.h>

namespace sb::engine::streams {
namespace {

const char* kArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/T1/stream/2026-01-01T00:00:00.000";

TEST(IteratorCodecTest, RoundTrips) {
  IteratorCodec codec("secret-one");
  IteratorState s{kArn, 7, 11, 123456, 1'700'000'000'000};
  std::string token = codec.Encode(s);
  EXPECT_EQ(token.rfind(std::string(kArn) + "|1|", 0), 0u);
  EXPECT_LE(token.size(), 2048u);
  auto back = codec.Decode(token);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
}

TEST(IteratorCodecTest, RejectsEveryTamperedCharacter) {
  IteratorCodec codec("secret-one");
  std::string token = codec.Encode({kArn, 7, 11, 123456, 1'700'000'000'000});
  int accepted = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    std::string t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    if (codec.Decode(t)) ++accepted;
  }
  EXPECT_EQ(accepted, 0);
}

TEST(IteratorCodecTest, RejectsForeignAndMalformedTokens) {
  IteratorCodec mine("secret-one");
  IteratorCodec theirs("secret-two");
  std::string foreign = theirs.Encode({kArn, 1, 1, 0, 0});
  EXPECT_FALSE(mine.Decode(foreign));
  EXPECT_FALSE(mine.Decode("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"));
  EXPECT_FALSE(mine.Decode(""));
  EXPECT_FALSE(mine.Decode("|1|"));
  EXPECT_FALSE(mine.Decode(std::string(kArn) + "|1|!!!!"));
  // A valid token's payload moved under another ARN fails too (the ARN is signed).
  std::string token = mine.Encode({kArn, 1, 1, 0, 0});
  std::string moved =
      "arn:aws:dynamodb:us-east-1:000000000000:table/T2/stream/x" + token.substr(token.find("|1|"));
  EXPECT_FALSE(mine.Decode(moved));
}

}  // namespace
}  // namespace sb::engine::streams
