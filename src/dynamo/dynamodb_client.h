// DynamoDbClient: the typed DynamoDB calls Streamboard needs (GetItem, PutItem, UpdateItem,
// DeleteItem, BatchGetItem, BatchWriteItem, TransactWriteItems, Query, Scan, DescribeTable,
// CreateTable, UpdateTimeToLive, DescribeTimeToLive), over Transport (signing, retries, CRC check).
// Requests and results carry only the members we use; each maps one to one to the DynamoDB API
// member of the same name (API reference, DynamoDB_20120810).
//
// Errors: the service's ApiError with the type after '#' (e.g. a failed condition is
// type == "ConditionalCheckFailedException"), or retry.h's client-side errors.
// Thread-safety: as Transport.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dynamo/cancellation.h"
#include "dynamo/transport.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::dynamo {

using protocol::ApiResult;
using protocol::Item;
using NameMap = std::map<std::string, std::string>;  // ExpressionAttributeNames

// ExpressionAttributeNames / ExpressionAttributeValues, shared by the expression calls.
struct ExpressionAttributes {
  NameMap names{};
  Item values{};
};

struct GetItemRequest {
  std::string table_name{};
  Item key{};
  bool consistent_read = false;
  std::optional<std::string> projection_expression{};
  NameMap expression_attribute_names{};
  std::optional<std::string> return_consumed_capacity{};  // "TOTAL" | "INDEXES" | "NONE"
};
struct GetItemResult {
  std::optional<Item> item{};          // nullopt: no such item
  double consumed_capacity_units = 0;  // ConsumedCapacity.CapacityUnits when asked for
};

struct PutItemRequest {
  std::string table_name{};
  Item item{};
  std::optional<std::string> condition_expression{};
  ExpressionAttributes attributes{};
  std::optional<std::string> return_values{};  // "NONE" | "ALL_OLD"
};
struct PutItemResult {
  std::optional<Item> attributes{};  // with ReturnValues ALL_OLD, the replaced item
};

struct UpdateItemRequest {
  std::string table_name{};
  Item key{};
  std::string update_expression{};
  std::optional<std::string> condition_expression{};
  ExpressionAttributes attributes{};
  std::optional<std::string>
      return_values{};  // NONE | ALL_OLD | UPDATED_OLD | ALL_NEW | UPDATED_NEW
};
struct UpdateItemResult {
  std::optional<Item> attributes{};
};

struct DeleteItemRequest {
  std::string table_name{};
  Item key{};
  std::optional<std::string> condition_expression{};
  ExpressionAttributes attributes{};
  std::optional<std::string> return_values{};  // NONE | ALL_OLD
};
struct DeleteItemResult {
  std::optional<Item> attributes{};
};

struct QueryRequest {
  std::string table_name{};
  std::optional<std::string> index_name{};
  std::string key_condition_expression{};
  std::optional<std::string> filter_expression{};
  std::optional<std::string> projection_expression{};
  ExpressionAttributes attributes{};
  std::optional<int> limit{};
  bool scan_index_forward = true;
  bool consistent_read = false;
  std::optional<Item> exclusive_start_key{};
  // "COUNT": the page carries Count only, no Items (and costs the same read units).
  std::optional<std::string> select{};
  std::optional<std::string> return_consumed_capacity{};  // "TOTAL" | "INDEXES" | "NONE"
};
struct ScanRequest {
  std::string table_name{};
  std::optional<std::string> index_name{};
  std::optional<std::string> filter_expression{};
  std::optional<std::string> projection_expression{};
  ExpressionAttributes attributes{};
  std::optional<int> limit{};
  bool consistent_read = false;
  std::optional<Item> exclusive_start_key{};
  std::optional<int> segment{};
  std::optional<int> total_segments{};
};
// A page of Query or Scan results.
struct PageResult {
  std::vector<Item> items{};
  std::optional<Item> last_evaluated_key{};  // present: more pages may follow
  int64_t count = 0;
  int64_t scanned_count = 0;
  double consumed_capacity_units = 0;  // ConsumedCapacity.CapacityUnits when asked for
};

struct KeySchemaElement {
  std::string attribute_name{};
  std::string key_type{};  // "HASH" | "RANGE"
};
struct AttributeDefinition {
  std::string attribute_name{};
  std::string attribute_type{};  // "S" | "N" | "B"
};
// A global or local secondary index: the two share this shape on the wire (we create indexes
// on on-demand tables only, so a GSI carries no ProvisionedThroughput). A local index's key
// schema must start with the table's partition key.
struct SecondaryIndex {
  std::string index_name{};
  std::vector<KeySchemaElement> key_schema{};
  std::string projection_type = "ALL";            // ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes{};  // for INCLUDE
};
using GlobalSecondaryIndex = SecondaryIndex;
using LocalSecondaryIndex = SecondaryIndex;
struct StreamSpecification {
  bool stream_enabled = false;
  std::string stream_view_type{};  // KEYS_ONLY | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES
};

struct CreateTableRequest {
  std::string table_name{};
  std::vector<AttributeDefinition> attribute_definitions{};
  std::vector<KeySchemaElement> key_schema{};
  std::vector<GlobalSecondaryIndex> global_secondary_indexes{};
  std::vector<LocalSecondaryIndex> local_secondary_indexes{};
  std::string billing_mode = "PAY_PER_REQUEST";
  std::optional<StreamSpecification> stream_specification{};
};

struct TableDescription {
  std::string table_name{};
  std::string table_status{};  // CREATING | ACTIVE | ...
  std::string table_arn{};
  std::vector<KeySchemaElement> key_schema{};
  std::vector<AttributeDefinition> attribute_definitions{};
  std::vector<GlobalSecondaryIndex> global_secondary_indexes{};
  std::vector<LocalSecondaryIndex> local_secondary_indexes{};
  std::optional<StreamSpecification> stream_specification{};
  std::optional<std::string> latest_stream_arn{};
  std::optional<std::string> latest_stream_label{};
  int64_t item_count = 0;
};

// One element of BatchWriteItem's RequestItems list: exactly one of put (PutRequest.Item) or
// delete_key (DeleteRequest.Key) is set.
struct WriteRequest {
  std::optional<Item> put{};
  std::optional<Item> delete_key{};
};
// RequestItems: table name -> up to 25 writes in all (DynamoDB's limit, enforced by the service).
struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>> request_items{};
};
struct BatchWriteItemResult {
  // The writes the service did not apply (throttling, capacity); resend them. Empty when all
  // were applied. BatchWriteItem is not atomic and has no conditions.
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items{};
};

// One table's part of BatchGetItem's RequestItems (and of UnprocessedKeys).
struct KeysAndAttributes {
  std::vector<Item> keys{};
  bool consistent_read = false;
  std::optional<std::string> projection_expression{};
  NameMap expression_attribute_names{};
};
// RequestItems: table name -> keys, up to 100 keys in all (DynamoDB's limit, enforced by the
// service; 16 MB of answers at most).
struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes> request_items{};
  std::optional<std::string> return_consumed_capacity{};  // "TOTAL" | "INDEXES" | "NONE"
};
struct BatchGetItemResult {
  // The items found, per table, in no particular order; a key without an item is left out.
  std::map<std::string, std::vector<Item>> responses{};
  // The keys the service did not read (throttling, size); ask again. Empty when all were read.
  std::map<std::string, KeysAndAttributes> unprocessed_keys{};
  double consumed_capacity_units = 0;  // the sum over ConsumedCapacity's tables when asked for
};

// One action of TransactWriteItems: exactly one of put, update, delete_item, condition_check
// is set. Each carries the members of the single-item call of the same name that
// TransactWriteItems accepts (TableName, Item/Key, UpdateExpression, ConditionExpression,
// ExpressionAttributeNames/Values); return_values is not sent.
struct ConditionCheck {
  std::string table_name{};
  Item key{};
  std::string condition_expression{};
  ExpressionAttributes attributes{};
};
struct TransactWriteItem {
  std::optional<PutItemRequest> put{};
  std::optional<UpdateItemRequest> update{};
  std::optional<DeleteItemRequest> delete_item{};
  std::optional<ConditionCheck> condition_check{};
};
// Up to 100 actions on distinct items, all applied or none (DynamoDB's limits, enforced by the
// service).
struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items{};
  std::optional<std::string> client_request_token{};
};
struct TransactWriteItemsResult {};

// Why a transaction was cancelled: CancellationReasons / CancellationReasonCodes
// (dynamo/cancellation.h).

// UpdateTimeToLive's TimeToLiveSpecification, and DescribeTimeToLive's answer.
struct TimeToLiveSpecification {
  bool enabled = false;
  std::string attribute_name{};
};
struct TimeToLiveDescription {
  std::string time_to_live_status{};  // ENABLING | DISABLING | ENABLED | DISABLED
  std::optional<std::string> attribute_name{};
};

class DynamoDbClient {
 public:
  // `transport` must outlive the client. Calls go to transport.config().endpoint.
  explicit DynamoDbClient(Transport& transport) : transport_(transport) {}

  ApiResult<GetItemResult> GetItem(const GetItemRequest& request);
  ApiResult<PutItemResult> PutItem(const PutItemRequest& request);
  ApiResult<UpdateItemResult> UpdateItem(const UpdateItemRequest& request);
  ApiResult<DeleteItemResult> DeleteItem(const DeleteItemRequest& request);
  ApiResult<BatchWriteItemResult> BatchWriteItem(const BatchWriteItemRequest& request);
  // One call; the caller resends unprocessed_keys (with backoff) until it is empty.
  ApiResult<BatchGetItemResult> BatchGetItem(const BatchGetItemRequest& request);
  // All or nothing. A failed condition (or a conflict with another transaction) cancels the
  // whole request: TransactionCanceledException, see CancellationReasons.
  ApiResult<TransactWriteItemsResult> TransactWriteItems(const TransactWriteItemsRequest& request);
  // One page; follow last_evaluated_key for more.
  ApiResult<PageResult> Query(const QueryRequest& request);
  ApiResult<PageResult> Scan(const ScanRequest& request);
  ApiResult<TableDescription> DescribeTable(const std::string& table_name);
  ApiResult<TableDescription> CreateTable(const CreateTableRequest& request);
  // Enabling TTL on a table that has it enabled is a ValidationException ("TimeToLive is
  // already enabled"), as on DynamoDB; read DescribeTimeToLive first to make it idempotent.
  ApiResult<TimeToLiveSpecification> UpdateTimeToLive(const std::string& table_name,
                                                      const TimeToLiveSpecification& spec);
  ApiResult<TimeToLiveDescription> DescribeTimeToLive(const std::string& table_name);

 private:
  Transport& transport_;
};

}  // namespace sb::dynamo
