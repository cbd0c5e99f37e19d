#include "engine/ops/request_body.h"

#include <zlib.h>

#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <utility>

#include "base/quote.h"
#include "protocol/dynamodb/json_codec.h"
#include "protocol/dynamodb/member_shape.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::MemberShape;

namespace {

// DynamoDB's largest request; an inflated body may not exceed it either.
constexpr size_t kMaxInflatedBytes = 16u << 20;

// zlib's windowBits: 15 + 32 detects a gzip or zlib header; -15 is raw deflate.
ApiResult<std::string> Inflate(std::string_view in, int window_bits) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return ApiError::Internal();
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  char buf[64 * 1024];
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > kMaxInflatedBytes) {
      inflateEnd(&zs);
      ApiError e{"RequestEntityTooLargeException",
                 "Request body exceeds 16777216 bytes once decoded", 413, {}};
      return e;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated input
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || zs.avail_in != 0) return std::string();  // caller reports
  return out;
}

ApiResult<std::string> Decode(std::optional<std::string_view> coding, std::string_view body) {
  std::string_view c = coding.value_or("identity");
  auto lower = [](std::string_view s) {
    std::string r(s);
    for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return r;
  };
  std::string name = lower(c);
  if (name.empty() || name == "identity") return std::string(body);
  int window_bits;
  if (name == "gzip" || name == "x-gzip") {
    window_bits = 15 + 16;
  } else if (name == "deflate") {
    // RFC 9110's deflate is zlib-wrapped; some clients send raw deflate: accept both.
    window_bits = (body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
                   ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 == 0)
                      ? 15
                      : -15;
  } else {
    return ApiError::Serialization("Unsupported Content-Encoding: " + QuotePrefix(c));
  }
  SB_ASSIGN_OR_RETURN(std::string out, Inflate(body, window_bits));
  if (out.empty() && !body.empty()) {
    // Inflate reports a corrupt stream as empty; an empty JSON body is invalid anyway.
    return ApiError::Serialization("Request body is not valid " + name + " data");
  }
  return out;
}

// No Content-Encoding, an empty one, or "identity" in any case: Decode would copy it as is.
bool IsIdentity(std::optional<std::string_view> coding) {
  if (!coding || coding->empty()) return true;
  constexpr std::string_view kIdentity = "identity";
  if (coding->size() != kIdentity.size()) return false;
  for (size_t i = 0; i < kIdentity.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>((*coding)[i])) != kIdentity[i]) return false;
  }
  return true;
}

struct Member {
  std::string_view name;
  MemberShape shape;
  // The shape of each element of a list member, or of each value of a map member.
  std::optional<MemberShape> element;
};

constexpr MemberShape S = MemberShape::kString;
constexpr MemberShape B = MemberShape::kBoolean;
constexpr MemberShape I = MemberShape::kInteger;
constexpr MemberShape L = MemberShape::kList;
constexpr MemberShape M = MemberShape::kMap;
constexpr MemberShape T = MemberShape::kStructure;

// The top-level members of the DynamoDB and DynamoDB Streams operations the engine serves,
// with their types from the API reference. A name means one type in every operation.
const Member kMembers[] = {
    {"AttributeDefinitions", L, T}, {"AttributesToGet", L, S}, {"AttributeUpdates", M, T},
    {"BillingMode", S, {}}, {"ClientRequestToken", S, {}}, {"ConditionalOperator", S, {}},
    {"ConditionExpression", S, {}}, {"ConsistentRead", B, {}},
    {"DeletionProtectionEnabled", B, {}}, {"ExclusiveStartKey", M, T},
    {"ExclusiveStartShardId", S, {}}, {"ExclusiveStartStreamArn", S, {}},
    {"ExclusiveStartTableName", S, {}}, {"Expected", M, T},
    {"ExpressionAttributeNames", M, S}, {"ExpressionAttributeValues", M, T},
    {"FilterExpression", S, {}}, {"GlobalSecondaryIndexes", L, T},
    {"GlobalSecondaryIndexUpdates", L, T}, {"IndexName", S, {}}, {"Item", M, T},
    {"Key", M, T}, {"KeyConditionExpression", S, {}}, {"KeyConditions", M, T},
    {"KeySchema", L, T}, {"Limit", I, {}}, {"LocalSecondaryIndexes", L, T},
    {"NextToken", S, {}}, {"OnDemandThroughput", T, {}}, {"ProjectionExpression", S, {}},
    {"ProvisionedThroughput", T, {}}, {"QueryFilter", M, T}, {"ReplicaUpdates", L, T},
    {"RequestItems", M, {}}, {"ResourceArn", S, {}}, {"ReturnConsumedCapacity", S, {}},
    {"ReturnItemCollectionMetrics", S, {}}, {"ReturnValues", S, {}},
    {"ReturnValuesOnConditionCheckFailure", S, {}}, {"ScanFilter", M, T},
    {"ScanIndexForward", B, {}}, {"Segment", I, {}}, {"Select", S, {}},
    {"SequenceNumber", S, {}}, {"ShardFilter", T, {}}, {"ShardId", S, {}},
    {"ShardIterator", S, {}}, {"ShardIteratorType", S, {}}, {"SSESpecification", T, {}},
    {"StreamArn", S, {}}, {"StreamSpecification", T, {}}, {"TableClass", S, {}},
    {"TableName", S, {}}, {"TagKeys", L, S}, {"Tags", L, T},
    {"TimeToLiveSpecification", T, {}}, {"TotalSegments", I, {}}, {"TransactItems", L, T},
    {"UpdateExpression", S, {}}, {"WarmThroughput", T, {}},
};

const Member* FindMember(std::string_view name) {
  for (const auto& m : kMembers) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::optional<ApiError> CheckMembers(const json::object& body) {
  for (const auto& kv : body) {
    const Member* m = FindMember(kv.key());
    if (m == nullptr) continue;
    const json::value& v = kv.value();
    if (auto e = protocol::CheckMemberShape(v, m->shape)) return e;
    if (!m->element || v.is_null()) continue;
    if (v.is_array()) {
      for (const auto& elem : v.get_array()) {
        if (auto e = protocol::CheckMemberShape(elem, *m->element)) return e;
      }
    } else if (v.is_object()) {
      for (const auto& elem : v.get_object()) {
        if (auto e = protocol::CheckMemberShape(elem.value(), *m->element)) return e;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

ApiResult<json::object> ParseRequestJson(std::optional<std::string_view> content_encoding,
                                         std::string_view body, json::storage_ptr storage) {
  // An identity body (nearly every request) is parsed where it lies, without a copy.
  std::string inflated;
  std::string_view text = body;
  if (!IsIdentity(content_encoding)) {
    SB_ASSIGN_OR_RETURN(inflated, Decode(content_encoding, body));
    text = inflated;
  }
  json::parse_options parse_options;
  parse_options.max_depth = protocol::kJsonMaxDepth;
  // The parser's own working stack starts in this buffer (it grows onto the heap for deep
  // documents).
  unsigned char temporary[512];
  json::stream_parser parser({}, parse_options, temporary, sizeof temporary);
  parser.reset(std::move(storage));
  boost::system::error_code ec;
  size_t used = parser.write_some(text.data(), text.size(), ec);
  // Whitespace may follow the document; anything else is extra data.
  while (!ec && used < text.size() && std::string_view(" \t\r\n").find(text[used]) !=
                                           std::string_view::npos) {
    ++used;
  }
  if (!ec && used < text.size()) ec = json::error::extra_data;
  if (!ec) parser.finish(ec);
  if (ec) {
    return ApiError::Serialization("Invalid JSON request body: " + ec.message() + " at offset " +
                                   std::to_string(used));
  }
  json::value parsed = parser.release();
  if (!parsed.is_object()) return ApiError::Serialization("Start of structure or map expected");
  return std::move(parsed.get_object());
}

protocol::ApiStatus CheckRequestMembers(const json::object& request) {
  if (auto e = CheckMembers(request)) return *e;
  return {};
}

ApiResult<json::object> DecodeRequestBody(std::optional<std::string_view> content_encoding,
                                          std::string_view body) {
  SB_ASSIGN_OR_RETURN(json::object request, ParseRequestJson(content_encoding, body));
  SB_TRY_STATUS(CheckRequestMembers(request));
  return request;
}

}  // namespace sb::engine::ops
