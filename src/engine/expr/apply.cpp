#include "engine/expr/apply.h"

#include <algorithm>

#include "engine/expr/evaluate.h"
#include "engine/expr/expr.h"

namespace sb::engine::expr {

using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Item;

namespace {

ApiError MissingAttribute() {
  return ApiError::Validation(
      "The provided expression refers to an attribute that does not exist in the item");
}
ApiError WrongDataType() {
  return ApiError::Validation("An operand in the update expression has an incorrect data type");
}
ApiError InvalidPath() {
  return ApiError::Validation(
      "The document path provided in the update expression is invalid for update");
}

ApiResult<AttributeValue> EvalValue(const Operand& o, const Item& item) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      return o.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = FindPath(item, o.path);
      if (v == nullptr) return MissingAttribute();
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      const AttributeValue* v = FindPath(item, o.args[0].path);
      if (v != nullptr) return *v;
      return EvalValue(o.args[1], item);
    }
    case Operand::Kind::kListAppend: {
      SB_ASSIGN_OR_RETURN(AttributeValue a, EvalValue(o.args[0], item));
      SB_ASSIGN_OR_RETURN(AttributeValue b, EvalValue(o.args[1], item));
      if (!a.is(AttrType::L) || !b.is(AttrType::L)) return WrongDataType();
      protocol::AttributeList out = std::move(a.l());
      for (AttributeValue& v : b.l()) out.push_back(std::move(v));
      return AttributeValue::L(std::move(out));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      SB_ASSIGN_OR_RETURN(AttributeValue a, EvalValue(o.args[0], item));
      SB_ASSIGN_OR_RETURN(AttributeValue b, EvalValue(o.args[1], item));
      if (!a.is(AttrType::N) || !b.is(AttrType::N)) return WrongDataType();
      auto r = o.kind == Operand::Kind::kPlus ? a.n().Add(b.n()) : a.n().Subtract(b.n());
      if (!r.ok()) return ApiError::Validation(r.error().message);
      return AttributeValue::N(std::move(r).value());
    }
    case Operand::Kind::kSize:
      break;
  }
  return WrongDataType();
}

// Orders paths element by element (indexes numerically), so list appends happen in index
// order and list removals can run from the highest index down.
bool PathLess(const Path& a, const Path& b) {
  size_t n = std::min(a.elems.size(), b.elems.size());
  for (size_t i = 0; i < n; ++i) {
    const PathElem& x = a.elems[i];
    const PathElem& y = b.elems[i];
    if (x.is_index != y.is_index) return x.is_index < y.is_index;
    if (x.is_index) {
      if (x.index != y.index) return x.index < y.index;
    } else if (x.name != y.name) {
      return x.name < y.name;
    }
  }
  return a.elems.size() < b.elems.size();
}

// The container holding the last element of `p` (a map or list value), or null when `p` is a
// top-level name (the container is the item itself). Missing or wrongly typed steps fail.
ApiResult<AttributeValue*> Parent(Item& item, const Path& p) {
  if (p.elems.size() == 1) return static_cast<AttributeValue*>(nullptr);
  auto it = item.find(p.elems[0].name);
  if (it == item.end()) return InvalidPath();
  AttributeValue* cur = &it->second;
  for (size_t i = 1; i + 1 < p.elems.size(); ++i) {
    const PathElem& e = p.elems[i];
    if (e.is_index) {
      if (!cur->is(AttrType::L) || e.index >= cur->l().size()) return InvalidPath();
      cur = &cur->l()[e.index];
    } else {
      if (!cur->is(AttrType::M)) return InvalidPath();
      auto mit = cur->m().find(e.name);
      if (mit == cur->m().end()) return InvalidPath();
      cur = &mit->second;
    }
  }
  const PathElem& last = p.elems.back();
  if (last.is_index ? !cur->is(AttrType::L) : !cur->is(AttrType::M)) return InvalidPath();
  return cur;
}

// The existing value at the end of `p` (null if missing). REQUIRES: parent from Parent().
AttributeValue* Leaf(Item& item, AttributeValue* parent, const PathElem& last) {
  if (parent == nullptr) {
    auto it = item.find(last.name);
    return it == item.end() ? nullptr : &it->second;
  }
  if (last.is_index) return last.index < parent->l().size() ? &parent->l()[last.index] : nullptr;
  auto it = parent->m().find(last.name);
  return it == parent->m().end() ? nullptr : &it->second;
}

// Stores `v` at the end of `p`; a list index past the end appends.
void Store(Item& item, AttributeValue* parent, const PathElem& last, AttributeValue v) {
  if (parent == nullptr) {
    item.insert_or_assign(last.name, std::move(v));
  } else if (last.is_index) {
    if (last.index < parent->l().size()) {
      parent->l()[last.index] = std::move(v);
    } else {
      parent->l().push_back(std::move(v));
    }
  } else {
    parent->m().insert_or_assign(last.name, std::move(v));
  }
}

void Erase(Item& item, AttributeValue* parent, const PathElem& last) {
  if (parent == nullptr) {
    item.erase(last.name);
  } else if (last.is_index) {
    if (last.index < parent->l().size()) parent->l().erase(parent->l().begin() + last.index);
  } else {
    parent->m().erase(last.name);
  }
}

ApiStatus Add(Item& item, const UpdateAction& a) {
  SB_ASSIGN_OR_RETURN(AttributeValue * parent, Parent(item, a.path));
  const PathElem& last = a.path.elems.back();
  AttributeValue* cur = Leaf(item, parent, last);
  const AttributeValue& v = a.value.value;
  if (cur == nullptr) {
    Store(item, parent, last, v);
    return {};
  }
  if (cur->type() != v.type()) return WrongDataType();
  switch (v.type()) {
    case AttrType::N: {
      auto r = cur->n().Add(v.n());
      if (!r.ok()) return ApiError::Validation(r.error().message);
      *cur = AttributeValue::N(std::move(r).value());
      return {};
    }
    case AttrType::SS: {
      auto s = cur->ss();
      s.insert(v.ss().begin(), v.ss().end());
      *cur = AttributeValue::SS(std::move(s));
      return {};
    }
    case AttrType::BS: {
      auto s = cur->bs();
      s.insert(v.bs().begin(), v.bs().end());
      *cur = AttributeValue::BS(std::move(s));
      return {};
    }
    case AttrType::NS: {
      auto s = cur->ns();
      s.insert(v.ns().begin(), v.ns().end());
      *cur = AttributeValue::NS(std::move(s));
      return {};
    }
    default:
      return WrongDataType();
  }
}

template <class Set>
Set Difference(const Set& a, const Set& b) {
  Set out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()),
                      a.key_comp());
  return out;
}

ApiStatus Delete(Item& item, const UpdateAction& a) {
  SB_ASSIGN_OR_RETURN(AttributeValue * parent, Parent(item, a.path));
  const PathElem& last = a.path.elems.back();
  AttributeValue* cur = Leaf(item, parent, last);
  if (cur == nullptr) return {};
  const AttributeValue& v = a.value.value;
  if (cur->type() != v.type()) return WrongDataType();
  AttributeValue next;
  bool empty = false;
  switch (v.type()) {
    case AttrType::SS: {
      auto s = Difference(cur->ss(), v.ss());
      empty = s.empty();
      next = AttributeValue::SS(std::move(s));
      break;
    }
    case AttrType::BS: {
      auto s = Difference(cur->bs(), v.bs());
      empty = s.empty();
      next = AttributeValue::BS(std::move(s));
      break;
    }
    case AttrType::NS: {
      auto s = Difference(cur->ns(), v.ns());
      empty = s.empty();
      next = AttributeValue::NS(std::move(s));
      break;
    }
    default:
      return WrongDataType();
  }
  // DynamoDB stores no empty sets: deleting the last members removes the attribute.
  if (empty) {
    Erase(item, parent, last);
  } else {
    *cur = std::move(next);
  }
  return {};
}

}  // namespace

ApiResult<Item> ApplyUpdate(const Update& update, const Item& item,
                            const std::vector<std::string>& key_names) {
  for (const UpdateAction& a : update.actions) {
    const std::string& head = a.path.elems[0].name;
    if (std::find(key_names.begin(), key_names.end(), head) != key_names.end()) {
      return KeyUpdateError(head);
    }
  }
  // Right-hand sides see the old item.
  std::vector<std::pair<const UpdateAction*, AttributeValue>> sets;
  std::vector<const UpdateAction*> removes, adds, deletes;
  for (const UpdateAction& a : update.actions) {
    switch (a.kind) {
      case UpdateAction::Kind::kSet: {
        SB_ASSIGN_OR_RETURN(AttributeValue v, EvalValue(a.value, item));
        sets.emplace_back(&a, std::move(v));
        break;
      }
      case UpdateAction::Kind::kRemove:
        removes.push_back(&a);
        break;
      case UpdateAction::Kind::kAdd:
        adds.push_back(&a);
        break;
      case UpdateAction::Kind::kDelete:
        deletes.push_back(&a);
        break;
    }
  }
  std::stable_sort(sets.begin(), sets.end(), [](const auto& x, const auto& y) {
    return PathLess(x.first->path, y.first->path);
  });
  // Removals last and from the highest index down, so every index names an original element.
  std::stable_sort(
      removes.begin(), removes.end(),
      [](const UpdateAction* x, const UpdateAction* y) { return PathLess(y->path, x->path); });

  Item out = item;
  for (auto& [a, v] : sets) {
    SB_ASSIGN_OR_RETURN(AttributeValue * parent, Parent(out, a->path));
    Store(out, parent, a->path.elems.back(), std::move(v));
  }
  for (const UpdateAction* a : adds) SB_TRY_STATUS(Add(out, *a));
  for (const UpdateAction* a : deletes) SB_TRY_STATUS(Delete(out, *a));
  for (const UpdateAction* a : removes) {
    SB_ASSIGN_OR_RETURN(AttributeValue * parent, Parent(out, a->path));
    Erase(out, parent, a->path.elems.back());
  }
  return out;
}

std::vector<std::string> TopLevelNames(const Update& update) {
  std::vector<std::string> names;
  for (const UpdateAction& a : update.actions) {
    const std::string& head = a.path.elems[0].name;
    if (std::find(names.begin(), names.end(), head) == names.end()) names.push_back(head);
  }
  return names;
}

ApiError KeyUpdateError(std::string_view name) {
  return ApiError::Validation(
      "One or more parameter values were invalid: Cannot update attribute " + std::string(name) +
      ". This attribute is part of the key");
}

}  // namespace sb::engine::expr
