// FilterCriteria: Lambda's event filtering for DynamoDB stream records (docs/lambda-wire.md §7),
// the EventBridge pattern syntax applied to the GetRecords record (before eventSourceARN is added).
//
// Supported (the subset AWS documents for stream event sources):
//   nesting        {"dynamodb":{"NewImage":{"Score":{"N":[...]}}}}  (AND across keys)
//   equality       ["INSERT","MODIFY"]  strings byte-for-byte, numbers by value, true/false,
//                  null (matches a JSON null, not a missing field), "" (an empty string)
//   prefix         [{"prefix":"us-"}]       suffix  [{"suffix":".png"}]
//   equals-ignore-case [{"equals-ignore-case":"alice"}]
//   anything-but   [{"anything-but":"x"}], [{"anything-but":["x","y"]}],
//                  [{"anything-but":{"prefix":"x"}}]   (the field must exist)
//   numeric        [{"numeric":[">",10,"<=",20]}]  operators = != < <= > >=; matches JSON
//                  numbers only. DynamoDB "N" values are JSON strings, so, as on AWS
//                  (docs/lambda-wire.md §7), a numeric rule under "N" matches nothing: use
//                  exists/equality.
//   exists         [{"exists":true}] / [{"exists":false}]
// A leaf list matches if any element matches (OR); a record field holding an array matches if
// any of its elements does. A record passes the criteria if it matches ANY filter; with no
// filters every record passes. Not supported (rejected when parsed): "cidr", "wildcard",
// "$or", and operators nested other than as listed.
//
// Thread-safety: immutable after Parse; Matches may be called concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::trigger {

class FilterPattern {
 public:
  // Errors: code "InvalidFilterPattern" with the reason (not JSON, not an object, a leaf that
  // is not a list, an empty list, an unknown operator, a malformed numeric rule).
  static Result<FilterPattern> Parse(std::string_view pattern_json);
  bool Matches(const boost::json::object& record) const;

  struct Node;  // detail: the parsed pattern tree

 private:
  std::shared_ptr<const Node> root_;
};

class FilterCriteria {
 public:
  // Errors: as FilterPattern::Parse, message prefixed with the filter's index.
  static Result<FilterCriteria> Parse(const std::vector<std::string>& patterns);
  // True if there are no filters or any filter matches.
  bool Matches(const boost::json::object& record) const;
  bool empty() const { return filters_.empty(); }

 private:
  std::vector<FilterPattern> filters_;
};

}  // namespace sb::trigger
