// TableDef: the engine's model of one DynamoDB table (key schema, attribute definitions,
// secondary indexes, billing, stream and TTL settings, tags), plus its catalog encoding.
//
// A TableDef is an immutable value once published: the Store hands out
// std::shared_ptr<const TableDef> and replaces the whole object on UpdateTable, so readers
// never see a half-updated schema. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine {

// The three types a key attribute may have (AttributeDefinitions' AttributeType).
enum class ScalarType { S, N, B };
std::string_view ScalarTypeName(ScalarType t);             // "S", "N", "B"
std::optional<ScalarType> ParseScalarType(std::string_view name);
// True iff `v` has the type `t` (S is S, N is N, B is B).
bool HasScalarType(const protocol::AttributeValue& v, ScalarType t);

struct KeyElement {
  std::string name;
  ScalarType type = ScalarType::S;
  friend bool operator==(const KeyElement&, const KeyElement&) = default;
};

// HASH key plus optional RANGE key. A GSI's keys may have up to four attributes each
// (multi-attribute keys, docs/engine.md): `hash` and `range` are then the first attribute of
// each, `hash_rest` / `range_rest` the others in KeySchema order. Tables and LSIs always have
// empty rests.
struct KeySchema {
  // Constructors rather than aggregate initialization, so `{hash, range}` stays complete
  // without naming the rests.
  KeySchema() = default;
  KeySchema(KeyElement h, std::optional<KeyElement> r = std::nullopt)  // NOLINT: implicit
      : hash(std::move(h)), range(std::move(r)) {}
  KeyElement hash;
  std::optional<KeyElement> range;
  std::vector<KeyElement> hash_rest;
  std::vector<KeyElement> range_rest;  // non-empty only with `range`
  // Every partition key attribute, in order (`hash` first).
  std::vector<KeyElement> HashParts() const;
  // Every sort key attribute, in order (empty without `range`).
  std::vector<KeyElement> RangeParts() const;
  // HashParts() then RangeParts(): KeySchema order.
  std::vector<KeyElement> Elements() const;
  // True iff `attr` names a key attribute.
  bool IsKey(std::string_view attr) const;
  friend bool operator==(const KeySchema&, const KeySchema&) = default;
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };
std::string_view ProjectionTypeName(ProjectionType t);  // "ALL", "KEYS_ONLY", "INCLUDE"

struct Projection {
  ProjectionType type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
  friend bool operator==(const Projection&, const Projection&) = default;
};

struct Throughput {
  int64_t read = 0;
  int64_t write = 0;
  friend bool operator==(const Throughput&, const Throughput&) = default;
};

// A global or local secondary index.
struct IndexDef {
  int64_t id = 0;  // storage id, unique within the store; assigned by the Store
  std::string name;
  bool global = true;
  KeySchema key;
  Projection projection;
  Throughput throughput;  // GSIs of PROVISIONED tables only
  friend bool operator==(const IndexDef&, const IndexDef&) = default;
};

enum class BillingMode { kProvisioned, kPayPerRequest };
std::string_view BillingModeName(BillingMode m);  // "PROVISIONED", "PAY_PER_REQUEST"

// StreamSpecification, stored for DynamoDB Streams. `label` is the stream's StreamLabel (an
// ISO-8601 timestamp fixed when the stream was enabled); empty when never enabled.
struct StreamSpec {
  bool enabled = false;
  std::string view_type;  // NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES | KEYS_ONLY
  std::string label;
  friend bool operator==(const StreamSpec&, const StreamSpec&) = default;
};

// TimeToLiveSpecification.
struct TtlSpec {
  bool enabled = false;
  std::string attribute;
  friend bool operator==(const TtlSpec&, const TtlSpec&) = default;
};

struct TableDef {
  int64_t id = 0;  // storage id, unique within the store; assigned by the Store
  std::string name;
  std::string uuid;  // DescribeTable's TableId
  KeySchema key;
  // AttributeDefinitions as given (only key attributes of the table and its indexes).
  std::vector<KeyElement> attribute_definitions;
  std::vector<IndexDef> gsis;
  std::vector<IndexDef> lsis;
  BillingMode billing = BillingMode::kProvisioned;
  Throughput throughput;
  StreamSpec stream;
  TtlSpec ttl;
  std::vector<std::pair<std::string, std::string>> tags;  // in insertion order, keys unique
  int64_t created_millis = 0;
  // When the table last switched to (or was created in) PAY_PER_REQUEST, Unix millis; 0 if it
  // never was. DescribeTable's BillingModeSummary is shown once this is set.
  int64_t pay_per_request_millis = 0;

  // The index of that name (GSI or LSI), or nullptr.
  const IndexDef* FindIndex(std::string_view index_name) const;
  // Every index, GSIs first.
  std::vector<const IndexDef*> AllIndexes() const;

  friend bool operator==(const TableDef&, const TableDef&) = default;
};

// "arn:aws:dynamodb:<region>:000000000000:table/<name>"
std::string TableArn(std::string_view region, std::string_view table_name);
// The table name in a table ARN (or an index/stream ARN under it); nullopt if not one.
std::optional<std::string> TableNameFromArn(std::string_view arn);

// Catalog encoding: a TableDef as a JSON document (stored by the Store, versioned by the
// schema's user_version). Decode errors have code "corrupt".
std::string EncodeTableDef(const TableDef& def);
Result<TableDef> DecodeTableDef(std::string_view json);

}  // namespace sb::engine
