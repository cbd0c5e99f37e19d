// Partial batch response. See batch_response.h.
#include "protocol/lambda/batch_response.h"

#include <boost/json.hpp>

namespace sb::protocol {
namespace json = boost::json;

std::string EncodeBatchItemFailures(const std::vector<std::string>& sequence_numbers) {
  json::array failures;
  failures.reserve(sequence_numbers.size());
  for (const auto& s : sequence_numbers) failures.push_back(json::object{{"itemIdentifier", s}});
  json::object o;
  o["batchItemFailures"] = std::move(failures);
  return json::serialize(o);
}

BatchResponse DecodeBatchResponse(std::string_view body) {
  BatchResponse success;
  BatchResponse failure{BatchResponse::Kind::kFailure, {}};
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return success;
  const json::object* o = v.if_object();
  if (o == nullptr) return success;
  auto it = o->find("batchItemFailures");
  if (it == o->end() || it->value().is_null()) return success;
  const json::array* list = it->value().if_array();
  if (list == nullptr) return failure;
  if (list->empty()) return success;
  BatchResponse partial{BatchResponse::Kind::kPartialFailure, {}};
  for (const auto& entry : *list) {
    const json::object* e = entry.if_object();
    if (e == nullptr) return failure;
    auto id = e->find("itemIdentifier");
    if (id == e->end() || !id->value().is_string() || id->value().get_string().empty()) {
      return failure;
    }
    partial.item_identifiers.emplace_back(id->value().get_string());
  }
  return partial;
}

}  // namespace sb::protocol
