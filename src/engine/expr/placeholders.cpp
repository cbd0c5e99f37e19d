#include "engine/expr/placeholders.h"

#include <vector>

#include "base/quote.h"

namespace sb::engine::expr {
namespace {

bool IsPlaceholder(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

constexpr size_t kMaxKeyBytes = 255;
constexpr size_t kMaxNameBytes = 65535;  // an attribute name is under 64 KB (docs/engine.md)

template <class Map>
protocol::ApiStatus ValidateMap(const Map* m, std::string_view what, char sigil) {
  if (m == nullptr) return {};
  if (m->empty()) return protocol::ApiError::Validation(std::string(what) + " must not be empty");
  for (const auto& [key, unused] : *m) SB_TRY_STATUS(CheckPlaceholderKey(what, key, sigil));
  return {};
}

template <class Map>
protocol::ApiStatus CheckUsed(const Map* m, const std::set<std::string, std::less<>>& used,
                              std::string_view what) {
  if (m == nullptr) return {};
  std::string keys;
  for (const auto& [key, unused] : *m) {
    if (used.count(key) != 0) continue;
    if (!keys.empty()) keys += ", ";
    keys += key;
  }
  if (keys.empty()) return {};
  return protocol::ApiError::Validation("Value provided in " + std::string(what) +
                                        " unused in expressions: keys: {" +
                                        QuotePrefix(keys, kQuoteListBytes) + "}");
}

}  // namespace

protocol::ApiStatus CheckPlaceholderKey(std::string_view map_name, std::string_view key,
                                        char sigil) {
  if (key.size() > kMaxKeyBytes) {
    std::string message = std::string(map_name) +
                          " contains invalid key: The expression attribute map contains a key "
                          "that is too long";
    if (sigil == '#') message += "; size of key: " + std::to_string(key.size());
    return protocol::ApiError::Validation(std::move(message));
  }
  if (!IsPlaceholder(key, sigil)) {
    return protocol::ApiError::Validation(std::string(map_name) +
                                          " contains invalid key: Syntax error; key: \"" +
                                          QuotePrefix(key) + "\"");
  }
  return {};
}

Placeholders::Placeholders(const std::map<std::string, std::string>* names,
                           const protocol::AttributeMap* values)
    : names_(names), values_(values) {}

protocol::ApiStatus Placeholders::Validate() const {
  SB_TRY_STATUS(ValidateMap(names_, "ExpressionAttributeNames", '#'));
  if (names_ != nullptr) {
    for (const auto& [key, name] : *names_) {
      if (name.empty()) {
        return protocol::ApiError::Validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key " +
            key);
      }
      if (name.size() > kMaxNameBytes) {
        return protocol::ApiError::Validation(
            "ExpressionAttributeNames contains invalid value: Attribute name exceeds the "
            "maximum length of 65535 bytes for key " +
            key);
      }
    }
  }
  SB_TRY_STATUS(ValidateMap(values_, "ExpressionAttributeValues", ':'));
  return {};
}

const std::string* Placeholders::UseName(std::string_view ref) {
  if (names_ == nullptr) return nullptr;
  auto it = names_->find(std::string(ref));
  if (it == names_->end()) return nullptr;
  used_names_.insert(it->first);
  return &it->second;
}

const protocol::AttributeValue* Placeholders::UseValue(std::string_view ref) {
  if (values_ == nullptr) return nullptr;
  auto it = values_->find(ref);
  if (it == values_->end()) return nullptr;
  used_values_.insert(it->first);
  return &it->second;
}

protocol::ApiStatus Placeholders::CheckAllUsed() const {
  SB_TRY_STATUS(CheckUsed(names_, used_names_, "ExpressionAttributeNames"));
  SB_TRY_STATUS(CheckUsed(values_, used_values_, "ExpressionAttributeValues"));
  return {};
}

}  // namespace sb::engine::expr
