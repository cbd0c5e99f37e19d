// DynamoStreamSource: StreamSource over the DynamoDB Streams API (dynamo::StreamsClient), for
// the local engine or a real stream on AWS. DescribeStream is paged (100 shards a page) until
// LastEvaluatedShardId is absent (docs/streams-wire.md §5.2). Errors keep the service's error type
// as code.
//
// Thread-safety: as the StreamsClient's Transport (thread-safe with CurlClient).
#pragma once

#include <string>

#include "dynamo/streams_client.h"
#include "trigger/stream_source.h"

namespace sb::trigger {

class DynamoStreamSource final : public StreamSource {
 public:
  // `client` must outlive the source.
  DynamoStreamSource(dynamo::StreamsClient& client, std::string stream_arn)
      : client_(client), stream_arn_(std::move(stream_arn)) {}

  const std::string& stream_arn() const override { return stream_arn_; }
  Result<std::vector<ShardInfo>> ListShards() override;
  Result<std::string> GetIterator(const std::string& shard_id, IteratorType type,
                                  const std::optional<std::string>& sequence_number) override;
  Result<RecordsPage> GetRecords(const std::string& iterator, int limit) override;

 private:
  dynamo::StreamsClient& client_;
  const std::string stream_arn_;
};

}  // namespace sb::trigger
