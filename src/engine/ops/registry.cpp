#include "engine/ops/registry.h"

#include <map>
#include <string>

#include "engine/ops/batch_get_item.h"
#include "engine/ops/batch_write_item.h"
#include "engine/ops/operations.h"
#include "engine/ops/query.h"
#include "engine/ops/scan.h"
#include "engine/ops/transact_get_items.h"
#include "engine/ops/transact_write_items.h"

namespace sb::engine::ops {

namespace {

// One line per operation. Query / Scan / batch / transaction operations register here too.
const std::map<std::string, OpFn, std::less<>>& Table() {
  static const auto* table = new std::map<std::string, OpFn, std::less<>>{
      {"BatchGetItem", &BatchGetItem},
      {"BatchWriteItem", &BatchWriteItem},
      {"CreateTable", &CreateTable},
      {"DeleteTable", &DeleteTable},
      {"DeleteItem", &DeleteItem},
      {"DescribeLimits", &DescribeLimits},
      {"DescribeTable", &DescribeTable},
      {"DescribeTimeToLive", &DescribeTimeToLive},
      {"GetItem", &GetItem},
      {"ListTables", &ListTables},
      {"ListTagsOfResource", &ListTagsOfResource},
      {"PutItem", &PutItem},
      {"Query", &Query},
      {"Scan", &Scan},
      {"TagResource", &TagResource},
      {"TransactGetItems", &TransactGetItems},
      {"TransactWriteItems", &TransactWriteItems},
      {"UntagResource", &UntagResource},
      {"UpdateItem", &UpdateItem},
      {"UpdateTable", &UpdateTable},
      {"UpdateTimeToLive", &UpdateTimeToLive},
  };
  return *table;
}

}  // namespace

OpFn FindOperation(std::string_view name) {
  auto it = Table().find(name);
  return it == Table().end() ? nullptr : it->second;
}

}  // namespace sb::engine::ops
