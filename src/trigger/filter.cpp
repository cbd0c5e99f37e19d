// FilterCriteria matching. See filter.h.
#include "trigger/filter.h"

#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <utility>

namespace sb::trigger {
namespace json = boost::json;

namespace {
Error Invalid(std::string message) { return MakeError("InvalidFilterPattern", std::move(message)); }
}  // namespace

namespace filter_detail {
// One leaf rule (an element of a leaf list).
struct Rule {
  enum class Kind {
    kEquals,
    kPrefix,
    kSuffix,
    kEqualsIgnoreCase,
    kAnythingBut,        // values: any of them excludes
    kAnythingButPrefix,  // text
    kNumeric,
    kExists,
  };
  Kind kind = Kind::kEquals;
  json::value value;                // kEquals
  std::string text;                 // prefix / suffix / ignore-case / anything-but prefix
  std::vector<json::value> values;  // kAnythingBut
  std::vector<std::pair<std::string, double>> comparisons;  // kNumeric
  bool exists = true;                                       // kExists
};
}  // namespace filter_detail
using filter_detail::Rule;

struct FilterPattern::Node {
  // Exactly one of: children (nested object pattern) or rules (leaf list).
  std::map<std::string, std::shared_ptr<const Node>> children;
  std::vector<Rule> rules;
  bool leaf = false;
};

namespace {

bool LiteralEquals(const json::value& pattern, const json::value& v) {
  if (pattern.is_number() && v.is_number())
    return pattern.to_number<double>() == v.to_number<double>();
  if (pattern.is_string() && v.is_string()) return pattern.get_string() == v.get_string();
  if (pattern.is_bool() && v.is_bool()) return pattern.get_bool() == v.get_bool();
  if (pattern.is_null() && v.is_null()) return true;
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Compare(const std::string& op, double a, double b) {
  if (op == "=") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  return a >= b;  // ">=" (validated at parse)
}

// Whether one scalar record value satisfies a rule (kExists is handled by the caller).
bool ScalarMatches(const Rule& rule, const json::value& v) {
  switch (rule.kind) {
    case Rule::Kind::kEquals:
      return LiteralEquals(rule.value, v);
    case Rule::Kind::kPrefix:
      return v.is_string() && std::string_view(v.get_string()).starts_with(rule.text);
    case Rule::Kind::kSuffix:
      return v.is_string() && std::string_view(v.get_string()).ends_with(rule.text);
    case Rule::Kind::kEqualsIgnoreCase:
      return v.is_string() && Lower(v.get_string()) == Lower(rule.text);
    case Rule::Kind::kAnythingBut:
      for (const auto& x : rule.values) {
        if (LiteralEquals(x, v)) return false;
      }
      return !v.is_object();
    case Rule::Kind::kAnythingButPrefix:
      return v.is_string() && !std::string_view(v.get_string()).starts_with(rule.text);
    case Rule::Kind::kNumeric: {
      if (!v.is_number()) return false;
      double d = v.to_number<double>();
      for (const auto& [op, bound] : rule.comparisons) {
        if (!Compare(op, d, bound)) return false;
      }
      return true;
    }
    case Rule::Kind::kExists:
      return true;
  }
  return false;
}

bool RuleMatches(const Rule& rule, const json::value* v) {
  if (rule.kind == Rule::Kind::kExists) {
    bool present = v != nullptr && !v->is_object();
    return present == rule.exists;
  }
  if (v == nullptr) return false;
  if (const json::array* a = v->if_array()) {
    // anything-but over an array: no element may be excluded.
    if (rule.kind == Rule::Kind::kAnythingBut || rule.kind == Rule::Kind::kAnythingButPrefix) {
      if (a->empty()) return false;
      for (const auto& e : *a) {
        if (!ScalarMatches(rule, e)) return false;
      }
      return true;
    }
    for (const auto& e : *a) {
      if (ScalarMatches(rule, e)) return true;
    }
    return false;
  }
  return ScalarMatches(rule, *v);
}

bool NodeMatches(const FilterPattern::Node& node, const json::value* v);

bool ObjectMatches(const FilterPattern::Node& node, const json::object& o) {
  for (const auto& [key, child] : node.children) {
    auto it = o.find(key);
    const json::value* field = it == o.end() ? nullptr : &it->value();
    if (!NodeMatches(*child, field)) return false;
  }
  return true;
}

bool NodeMatches(const FilterPattern::Node& node, const json::value* v) {
  if (node.leaf) {
    for (const auto& rule : node.rules) {
      if (RuleMatches(rule, v)) return true;
    }
    return false;
  }
  // A missing (or scalar) value has no fields: only {"exists":false} rules below it match.
  static const json::object kNoFields;
  if (v == nullptr) return ObjectMatches(node, kNoFields);
  if (const json::object* o = v->if_object()) return ObjectMatches(node, *o);
  if (const json::array* a = v->if_array()) {
    for (const auto& e : *a) {
      if (const json::object* o = e.if_object(); o != nullptr && ObjectMatches(node, *o))
        return true;
    }
    return false;
  }
  return ObjectMatches(node, kNoFields);
}

Result<Rule> ParseRule(const json::value& element, const std::string& path) {
  Rule rule;
  if (!element.is_object()) {
    if (element.is_array()) return Invalid(path + ": a list may not contain a list");
    rule.kind = Rule::Kind::kEquals;
    rule.value = element;
    return rule;
  }
  const json::object& o = element.get_object();
  if (o.size() != 1) return Invalid(path + ": an operator object must have exactly one member");
  const auto& [op_key, arg] = *o.begin();
  std::string op(op_key);
  if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
    if (!arg.is_string()) return Invalid(path + ": \"" + op + "\" takes a string");
    rule.kind = op == "prefix"   ? Rule::Kind::kPrefix
                : op == "suffix" ? Rule::Kind::kSuffix
                                 : Rule::Kind::kEqualsIgnoreCase;
    rule.text = std::string(arg.get_string());
    return rule;
  }
  if (op == "exists") {
    if (!arg.is_bool()) return Invalid(path + ": \"exists\" takes true or false");
    rule.kind = Rule::Kind::kExists;
    rule.exists = arg.get_bool();
    return rule;
  }
  if (op == "anything-but") {
    if (const json::object* inner = arg.if_object()) {
      auto p = inner->find("prefix");
      if (inner->size() != 1 || p == inner->end() || !p->value().is_string()) {
        return Invalid(path + ": \"anything-but\" object form supports only {\"prefix\":string}");
      }
      rule.kind = Rule::Kind::kAnythingButPrefix;
      rule.text = std::string(p->value().get_string());
      return rule;
    }
    rule.kind = Rule::Kind::kAnythingBut;
    if (const json::array* list = arg.if_array()) {
      if (list->empty()) return Invalid(path + ": \"anything-but\" list is empty");
      for (const auto& x : *list) {
        if (x.is_object() || x.is_array()) {
          return Invalid(path + ": \"anything-but\" list takes strings or numbers");
        }
        rule.values.push_back(x);
      }
    } else {
      rule.values.push_back(arg);
    }
    return rule;
  }
  if (op == "numeric") {
    const json::array* list = arg.if_array();
    if (list == nullptr || list->empty() || list->size() % 2 != 0 || list->size() > 4) {
      return Invalid(path + ": \"numeric\" takes [op, number] or [op, number, op, number]");
    }
    for (size_t i = 0; i < list->size(); i += 2) {
      const json::value& o2 = (*list)[i];
      const json::value& n = (*list)[i + 1];
      if (!o2.is_string() || !n.is_number()) {
        return Invalid(path + ": \"numeric\" takes [op, number] pairs");
      }
      std::string cmp(o2.get_string());
      if (cmp != "=" && cmp != "!=" && cmp != "<" && cmp != "<=" && cmp != ">" && cmp != ">=") {
        return Invalid(path + ": unknown numeric operator \"" + cmp + "\"");
      }
      rule.comparisons.emplace_back(cmp, n.to_number<double>());
    }
    rule.kind = Rule::Kind::kNumeric;
    return rule;
  }
  return Invalid(path + ": unsupported operator \"" + op + "\"");
}

Result<std::shared_ptr<const FilterPattern::Node>> ParseNode(const json::value& v,
                                                             const std::string& path) {
  auto node = std::make_shared<FilterPattern::Node>();
  if (const json::array* list = v.if_array()) {
    if (list->empty()) return Invalid(path + ": an empty list matches nothing");
    node->leaf = true;
    for (const auto& element : *list) {
      SB_ASSIGN_OR_RETURN(Rule rule, ParseRule(element, path));
      node->rules.push_back(std::move(rule));
    }
    return std::shared_ptr<const FilterPattern::Node>(node);
  }
  const json::object* o = v.if_object();
  if (o == nullptr) return Invalid(path + ": a value in a pattern must be a list or an object");
  if (o->empty()) return Invalid(path + ": an empty object matches nothing");
  for (const auto& [key, child] : *o) {
    std::string k(key);
    if (k.starts_with("$")) return Invalid(path + ": unsupported operator \"" + k + "\"");
    SB_ASSIGN_OR_RETURN(auto parsed, ParseNode(child, path.empty() ? k : path + "." + k));
    // Duplicate keys: the last wins (docs/lambda-wire.md §7).
    node->children[k] = std::move(parsed);
  }
  return std::shared_ptr<const FilterPattern::Node>(node);
}

}  // namespace

Result<FilterPattern> FilterPattern::Parse(std::string_view pattern_json) {
  boost::system::error_code ec;
  json::value v = json::parse(pattern_json, ec);
  if (ec) return Invalid("the pattern is not valid JSON: " + ec.message());
  if (!v.is_object()) return Invalid("the pattern must be a JSON object");
  SB_ASSIGN_OR_RETURN(auto root, ParseNode(v, ""));
  FilterPattern p;
  p.root_ = std::move(root);
  return p;
}

bool FilterPattern::Matches(const json::object& record) const {
  return ObjectMatches(*root_, record);
}

Result<FilterCriteria> FilterCriteria::Parse(const std::vector<std::string>& patterns) {
  FilterCriteria c;
  for (size_t i = 0; i < patterns.size(); ++i) {
    auto p = FilterPattern::Parse(patterns[i]);
    if (!p.ok()) {
      return Invalid("Filters[" + std::to_string(i) + "]: " + p.error().message);
    }
    c.filters_.push_back(std::move(p).value());
  }
  return c;
}

bool FilterCriteria::Matches(const json::object& record) const {
  if (filters_.empty()) return true;
  for (const auto& f : filters_) {
    if (f.Matches(record)) return true;
  }
  return false;
}

}  // namespace sb::trigger
