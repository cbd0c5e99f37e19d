#include "engine/model/table.h"

#include <boost/json.hpp>

namespace sb::engine {

namespace json = boost::json;

std::string_view ScalarTypeName(ScalarType t) {
  switch (t) {
    case ScalarType::S: return "S";
    case ScalarType::N: return "N";
    case ScalarType::B: return "B";
  }
  return "S";
}

std::optional<ScalarType> ParseScalarType(std::string_view name) {
  if (name == "S") return ScalarType::S;
  if (name == "N") return ScalarType::N;
  if (name == "B") return ScalarType::B;
  return std::nullopt;
}

bool HasScalarType(const protocol::AttributeValue& v, ScalarType t) {
  switch (t) {
    case ScalarType::S: return v.is(protocol::AttrType::S);
    case ScalarType::N: return v.is(protocol::AttrType::N);
    case ScalarType::B: return v.is(protocol::AttrType::B);
  }
  return false;
}

std::vector<KeyElement> KeySchema::HashParts() const {
  std::vector<KeyElement> out{hash};
  out.insert(out.end(), hash_rest.begin(), hash_rest.end());
  return out;
}

std::vector<KeyElement> KeySchema::RangeParts() const {
  std::vector<KeyElement> out;
  if (!range) return out;
  out.push_back(*range);
  out.insert(out.end(), range_rest.begin(), range_rest.end());
  return out;
}

std::vector<KeyElement> KeySchema::Elements() const {
  std::vector<KeyElement> out = HashParts();
  for (auto& e : RangeParts()) out.push_back(std::move(e));
  return out;
}

bool KeySchema::IsKey(std::string_view attr) const {
  for (const auto& e : Elements()) {
    if (e.name == attr) return true;
  }
  return false;
}

std::string_view ProjectionTypeName(ProjectionType t) {
  switch (t) {
    case ProjectionType::kAll: return "ALL";
    case ProjectionType::kKeysOnly: return "KEYS_ONLY";
    case ProjectionType::kInclude: return "INCLUDE";
  }
  return "ALL";
}

std::string_view BillingModeName(BillingMode m) {
  return m == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

const IndexDef* TableDef::FindIndex(std::string_view index_name) const {
  for (const auto& i : gsis) {
    if (i.name == index_name) return &i;
  }
  for (const auto& i : lsis) {
    if (i.name == index_name) return &i;
  }
  return nullptr;
}

std::vector<const IndexDef*> TableDef::AllIndexes() const {
  std::vector<const IndexDef*> out;
  out.reserve(gsis.size() + lsis.size());
  for (const auto& i : gsis) out.push_back(&i);
  for (const auto& i : lsis) out.push_back(&i);
  return out;
}

std::string TableArn(std::string_view region, std::string_view table_name) {
  std::string arn = "arn:aws:dynamodb:";
  arn.append(region).append(":000000000000:table/").append(table_name);
  return arn;
}

std::optional<std::string> TableNameFromArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  size_t pos = arn.find(":table/");
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view rest = arn.substr(pos + 7);
  rest = rest.substr(0, rest.find('/'));
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

// Catalog JSON grammar (all members required unless noted):
//   {"v":1,"id":int,"name":str,"uuid":str,"key":KEY,"attrs":[ELEM...],"gsis":[INDEX...],
//    "lsis":[INDEX...],"billing":"PROVISIONED"|"PAY_PER_REQUEST","tp":[r,w],
//    "stream":{"on":bool,"view":str,"label":str},"ttl":{"on":bool,"attr":str},
//    "tags":[[k,v]...],"created":int}
//   KEY   := {"hash":ELEM,"range":ELEM,"hash+":[ELEM...],"range+":[ELEM...]}
//            ("range" optional; "hash+" / "range+" only for multi-attribute GSI keys: the
//            attributes after the first, in order. Entries written before they existed have
//            none, and a single-attribute key is still written without them.)
//   ELEM  := [name, "S"|"N"|"B"]
//   INDEX := {"id":int,"name":str,"key":KEY,"proj":"ALL"|"KEYS_ONLY"|"INCLUDE",
//             "nka":[str...],"tp":[r,w]}
namespace {

json::array ElemJson(const KeyElement& e) { return json::array{e.name, ScalarTypeName(e.type)}; }

json::object KeyJson(const KeySchema& k) {
  json::object o;
  o["hash"] = ElemJson(k.hash);
  if (k.range) o["range"] = ElemJson(*k.range);
  auto rest = [&](const char* name, const std::vector<KeyElement>& elems) {
    if (elems.empty()) return;
    json::array a;
    for (const auto& e : elems) a.push_back(ElemJson(e));
    o[name] = std::move(a);
  };
  rest("hash+", k.hash_rest);
  rest("range+", k.range_rest);
  return o;
}

json::object IndexJson(const IndexDef& i) {
  json::object o;
  o["id"] = i.id;
  o["name"] = i.name;
  o["key"] = KeyJson(i.key);
  o["proj"] = ProjectionTypeName(i.projection.type);
  json::array nka;
  for (const auto& a : i.projection.non_key_attributes) nka.emplace_back(a);
  o["nka"] = std::move(nka);
  o["tp"] = json::array{i.throughput.read, i.throughput.write};
  return o;
}

struct Corrupt {};

const json::value& At(const json::object& o, std::string_view k) {
  auto it = o.find(k);
  if (it == o.end()) throw Corrupt{};
  return it->value();
}
std::string Str(const json::value& v) {
  if (!v.is_string()) throw Corrupt{};
  return std::string(v.get_string());
}
int64_t Int(const json::value& v) {
  if (!v.is_int64()) throw Corrupt{};
  return v.get_int64();
}
const json::array& Arr(const json::value& v) {
  if (!v.is_array()) throw Corrupt{};
  return v.get_array();
}
const json::object& Obj(const json::value& v) {
  if (!v.is_object()) throw Corrupt{};
  return v.get_object();
}
KeyElement ElemFrom(const json::value& v) {
  const auto& a = Arr(v);
  if (a.size() != 2) throw Corrupt{};
  auto t = ParseScalarType(Str(a[1]));
  if (!t) throw Corrupt{};
  return KeyElement{Str(a[0]), *t};
}
KeySchema KeyFrom(const json::value& v) {
  const auto& o = Obj(v);
  KeySchema k;
  k.hash = ElemFrom(At(o, "hash"));
  if (o.contains("range")) k.range = ElemFrom(At(o, "range"));
  if (const auto* h = o.if_contains("hash+")) {
    for (const auto& e : Arr(*h)) k.hash_rest.push_back(ElemFrom(e));
  }
  if (const auto* r = o.if_contains("range+")) {
    if (!k.range) throw Corrupt{};
    for (const auto& e : Arr(*r)) k.range_rest.push_back(ElemFrom(e));
  }
  return k;
}
Throughput TpFrom(const json::value& v) {
  const auto& a = Arr(v);
  if (a.size() != 2) throw Corrupt{};
  return Throughput{Int(a[0]), Int(a[1])};
}
IndexDef IndexFrom(const json::value& v, bool global) {
  const auto& o = Obj(v);
  IndexDef i;
  i.id = Int(At(o, "id"));
  i.name = Str(At(o, "name"));
  i.global = global;
  i.key = KeyFrom(At(o, "key"));
  std::string p = Str(At(o, "proj"));
  if (p == "ALL") {
    i.projection.type = ProjectionType::kAll;
  } else if (p == "KEYS_ONLY") {
    i.projection.type = ProjectionType::kKeysOnly;
  } else if (p == "INCLUDE") {
    i.projection.type = ProjectionType::kInclude;
  } else {
    throw Corrupt{};
  }
  for (const auto& a : Arr(At(o, "nka"))) i.projection.non_key_attributes.push_back(Str(a));
  i.throughput = TpFrom(At(o, "tp"));
  return i;
}

}  // namespace

std::string EncodeTableDef(const TableDef& def) {
  json::object o;
  o["v"] = 1;
  o["id"] = def.id;
  o["name"] = def.name;
  o["uuid"] = def.uuid;
  o["key"] = KeyJson(def.key);
  json::array attrs;
  for (const auto& a : def.attribute_definitions) attrs.push_back(ElemJson(a));
  o["attrs"] = std::move(attrs);
  json::array gsis, lsis;
  for (const auto& i : def.gsis) gsis.push_back(IndexJson(i));
  for (const auto& i : def.lsis) lsis.push_back(IndexJson(i));
  o["gsis"] = std::move(gsis);
  o["lsis"] = std::move(lsis);
  o["billing"] = BillingModeName(def.billing);
  o["tp"] = json::array{def.throughput.read, def.throughput.write};
  o["stream"] = json::object{
      {"on", def.stream.enabled}, {"view", def.stream.view_type}, {"label", def.stream.label}};
  o["ttl"] = json::object{{"on", def.ttl.enabled}, {"attr", def.ttl.attribute}};
  json::array tags;
  for (const auto& [k, v] : def.tags) tags.push_back(json::array{k, v});
  o["tags"] = std::move(tags);
  o["created"] = def.created_millis;
  if (def.pay_per_request_millis != 0) o["ppr"] = def.pay_per_request_millis;
  return json::serialize(o);
}

Result<TableDef> DecodeTableDef(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return MakeError("corrupt", "table catalog entry is not JSON: " + ec.message());
  try {
    const auto& o = Obj(v);
    if (Int(At(o, "v")) != 1) throw Corrupt{};
    TableDef d;
    d.id = Int(At(o, "id"));
    d.name = Str(At(o, "name"));
    d.uuid = Str(At(o, "uuid"));
    d.key = KeyFrom(At(o, "key"));
    for (const auto& a : Arr(At(o, "attrs"))) d.attribute_definitions.push_back(ElemFrom(a));
    for (const auto& i : Arr(At(o, "gsis"))) d.gsis.push_back(IndexFrom(i, true));
    for (const auto& i : Arr(At(o, "lsis"))) d.lsis.push_back(IndexFrom(i, false));
    std::string billing = Str(At(o, "billing"));
    d.billing = billing == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                             : BillingMode::kProvisioned;
    d.throughput = TpFrom(At(o, "tp"));
    const auto& s = Obj(At(o, "stream"));
    if (!At(s, "on").is_bool()) throw Corrupt{};
    d.stream.enabled = At(s, "on").get_bool();
    d.stream.view_type = Str(At(s, "view"));
    d.stream.label = Str(At(s, "label"));
    const auto& t = Obj(At(o, "ttl"));
    if (!At(t, "on").is_bool()) throw Corrupt{};
    d.ttl.enabled = At(t, "on").get_bool();
    d.ttl.attribute = Str(At(t, "attr"));
    for (const auto& kv : Arr(At(o, "tags"))) {
      const auto& a = Arr(kv);
      if (a.size() != 2) throw Corrupt{};
      d.tags.emplace_back(Str(a[0]), Str(a[1]));
    }
    d.created_millis = Int(At(o, "created"));
    // "ppr" is optional (absent in entries written before it existed).
    if (const auto* ppr = o.if_contains("ppr")) {
      d.pay_per_request_millis = Int(*ppr);
    } else if (d.billing == BillingMode::kPayPerRequest) {
      d.pay_per_request_millis = d.created_millis;
    }
    return d;
  } catch (const Corrupt&) {
    return MakeError("corrupt", "table catalog entry has an unexpected shape");
  }
}

}  // namespace sb::engine
