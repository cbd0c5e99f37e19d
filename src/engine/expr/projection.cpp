#include "engine/expr/projection.h"

#include <map>
#include <optional>
#include <string>

namespace sb::engine::expr {

using protocol::AttributeValue;
using protocol::AttrType;

namespace {

// The union of the projected paths as a tree. Paths were checked not to overlap, so a node is
// either a leaf (take the whole value) or has children of one kind (names or indexes).
struct Node {
  bool leaf = false;
  std::map<std::string, Node, std::less<>> names;
  std::map<uint32_t, Node> indexes;
};

void Insert(Node& root, const Path& p) {
  Node* cur = &root;
  for (const PathElem& e : p.elems) {
    cur = e.is_index ? &cur->indexes[e.index] : &cur->names[e.name];
  }
  cur->leaf = true;
}

std::optional<AttributeValue> Select(const AttributeValue& v, const Node& node) {
  if (node.leaf) return v;
  if (!node.names.empty()) {
    if (!v.is(AttrType::M)) return std::nullopt;
    protocol::AttributeMap out;
    for (const auto& [name, child] : node.names) {
      auto it = v.m().find(name);
      if (it == v.m().end()) continue;
      if (auto s = Select(it->second, child)) out.emplace(name, std::move(*s));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::M(std::move(out));
  }
  if (!v.is(AttrType::L)) return std::nullopt;
  protocol::AttributeList out;
  for (const auto& [index, child] : node.indexes) {
    if (index >= v.l().size()) break;
    if (auto s = Select(v.l()[index], child)) out.push_back(std::move(*s));
  }
  if (out.empty()) return std::nullopt;
  return AttributeValue::L(std::move(out));
}

}  // namespace

protocol::Item ProjectItem(const Projection& projection, const protocol::Item& item) {
  Node root;
  for (const Path& p : projection.paths) Insert(root, p);
  protocol::Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (auto s = Select(it->second, child)) out.emplace(name, std::move(*s));
  }
  return out;
}

}  // namespace sb::engine::expr
