// Tests of ValidateOptions: AWS's bounds for the event source mapping parameters.
#include "trigger/options.h"

#include <gtest/gtest.h>

namespace sb::trigger {
namespace {

TEST(OptionsTest, DefaultsAreValid) { EXPECT_TRUE(ValidateOptions(MappingOptions{}).ok()); }

TEST(OptionsTest, RejectsOutOfRangeValues) {
  auto bad = [](auto mutate) {
    MappingOptions o;
    mutate(o);
    Status s = ValidateOptions(o);
    return !s.ok() && s.error().code == "InvalidParameterValueException";
  };
  EXPECT_TRUE(bad([](MappingOptions& o) { o.batch_size = 0; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.batch_size = 10001; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_batching_window_seconds = 301; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_retry_attempts = -2; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_retry_attempts = 10001; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_record_age_seconds = 59; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_record_age_seconds = 0; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.maximum_record_age_seconds = 604801; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.parallelization_factor = 11; }));
  EXPECT_TRUE(bad([](MappingOptions& o) { o.filter_patterns = {"{"}; }));
  EXPECT_TRUE(bad(
      [](MappingOptions& o) { o.filter_patterns = std::vector<std::string>(11, "{\"a\":[1]}"); }));
}

TEST(OptionsTest, AcceptsTheEdges) {
  MappingOptions o;
  o.batch_size = 10000;
  o.maximum_batching_window_seconds = 300;
  o.maximum_retry_attempts = 0;
  o.maximum_record_age_seconds = 60;
  o.parallelization_factor = 10;
  o.filter_patterns = {R"({"eventName":["INSERT"]})"};
  EXPECT_TRUE(ValidateOptions(o).ok());
}

}  // namespace
}  // namespace sb::trigger
