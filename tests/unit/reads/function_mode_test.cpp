// FUNCTION_MODE and CORS_ORIGINS, the read function's settings (function/config.h).
#include <gtest/gtest.h>

#include <map>

#include "function/config.h"

namespace sb::function {
namespace {

dynamo::GetEnv Env(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(FunctionModeTest, StreamByDefaultReadWhenAsked) {
  auto c = LoadFunctionConfig(Env({}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->mode, FunctionMode::kStream);
  EXPECT_TRUE(c->cors_origins.empty());
  auto r = LoadFunctionConfig(
      Env({{"FUNCTION_MODE", "read"}, {"CORS_ORIGINS", "https://a.example, http://b:8080"}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mode, FunctionMode::kRead);
  EXPECT_EQ(r->cors_origins, (std::vector<std::string>{"https://a.example", "http://b:8080"}));
  auto any = LoadFunctionConfig(Env({{"CORS_ORIGINS", "*"}}));
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->cors_origins, (std::vector<std::string>{"*"}));
  auto empty = LoadFunctionConfig(Env({{"FUNCTION_MODE", ""}}));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->mode, FunctionMode::kStream);
}

TEST(FunctionModeTest, BadValuesNameTheVariable) {
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"FUNCTION_MODE", "Read"},
           {"FUNCTION_MODE", "write"},
           {"CORS_ORIGINS", "a.example"},
           {"CORS_ORIGINS", "https://a.example/path"},
           {"CORS_ORIGINS", "https://a.example,,https://b"},
           {"CORS_ORIGINS", "https://"}}) {
    auto c = LoadFunctionConfig(Env({{name, value}}));
    ASSERT_FALSE(c.ok()) << name << "=" << value;
    EXPECT_EQ(c.error().code, "InvalidConfiguration");
    EXPECT_NE(c.error().message.find(name), std::string::npos) << c.error().message;
  }
}

}  // namespace
}  // namespace sb::function
