// Test helpers for engine operations: an in-memory store, a fake clock and a Call() that
// takes the request as JSON text.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "base/clock.h"
#include "engine/ops/context.h"
#include "engine/ops/raw_json.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {

class OpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions o;
    o.in_memory = true;
    auto s = storage::Store::Open(o);
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ctx_.store = store_.get();
    ctx_.clock = &clock_;
    ctx_.region = "us-east-1";
  }

  OpResult Call(OpFn op, const std::string& json_text) {
    boost::json::value v = boost::json::parse(json_text);
    return op(ctx_, v.as_object());
  }
  // A successful call's response as the client reads it: the text the dispatcher would send
  // (raw members spliced, engine/ops/raw_json.h), parsed back.
  boost::json::object Ok(OpFn op, const std::string& json_text) {
    auto r = Call(op, json_text);
    EXPECT_TRUE(r.ok()) << json_text << " -> " << (r.ok() ? "" : r.error().ToJson());
    if (!r.ok()) return boost::json::object{};
    boost::json::parse_options options;
    options.max_depth = protocol::kJsonMaxDepth;
    return boost::json::parse(ResponseText(r.value()), {}, options).as_object();
  }
  // The error type and message of a failing call.
  protocol::ApiError Err(OpFn op, const std::string& json_text) {
    auto r = Call(op, json_text);
    EXPECT_FALSE(r.ok()) << json_text << " unexpectedly succeeded: "
                         << (r.ok() ? boost::json::serialize(r.value()) : "");
    return r.ok() ? protocol::ApiError{} : r.error();
  }

  FakeClock clock_{1'700'000'000'000};
  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

}  // namespace sb::engine::ops
