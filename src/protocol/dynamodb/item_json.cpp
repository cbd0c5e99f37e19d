#include "protocol/dynamodb/item_json.h"

#include "protocol/dynamodb/json_codec.h"

namespace sb::protocol {

// A JSON string as Boost.JSON's serializer writes it: '"' and '\' escaped, control characters
// as \b \t \n \f \r or \u00xx (lowercase hex), every other byte as it is.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    out.push_back('\\');
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '\b': out.push_back('b'); break;
      case '\t': out.push_back('t'); break;
      case '\n': out.push_back('n'); break;
      case '\f': out.push_back('f'); break;
      case '\r': out.push_back('r'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {

// {"<type>":
void OpenValue(std::string& out, std::string_view type) {
  out.append("{\"");
  out.append(type);
  out.append("\":");
}

// {"<type>":[e1,e2,...]}, each element written by `write` (L and the three sets).
template <class Elements, class Write>
void AppendArray(std::string& out, std::string_view type, const Elements& elements, Write write) {
  OpenValue(out, type);
  out.push_back('[');
  bool first = true;
  for (const auto& element : elements) {
    if (!first) out.push_back(',');
    first = false;
    write(element);
  }
  out.append("]}");
}

}  // namespace

void AppendAttributeValueJson(std::string& out, const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S:
      OpenValue(out, "S");
      AppendJsonString(out, v.s());
      out.push_back('}');
      return;
    case AttrType::N:
      OpenValue(out, "N");
      AppendJsonString(out, v.n().ToString());
      out.push_back('}');
      return;
    case AttrType::B:
      OpenValue(out, "B");
      AppendJsonString(out, Base64Encode(v.b()));
      out.push_back('}');
      return;
    case AttrType::BOOL:
      OpenValue(out, "BOOL");
      out.append(v.boolean() ? "true}" : "false}");
      return;
    case AttrType::NUL:
      out.append("{\"NULL\":true}");
      return;
    case AttrType::M:
      OpenValue(out, "M");
      AppendItemJson(out, v.m());
      out.push_back('}');
      return;
    case AttrType::L:
      AppendArray(out, "L", v.l(),
                  [&](const AttributeValue& e) { AppendAttributeValueJson(out, e); });
      return;
    case AttrType::SS:
      AppendArray(out, "SS", v.ss(), [&](const std::string& s) { AppendJsonString(out, s); });
      return;
    case AttrType::NS:
      AppendArray(out, "NS", v.ns(), [&](const Number& n) { AppendJsonString(out, n.ToString()); });
      return;
    case AttrType::BS:
      AppendArray(out, "BS", v.bs(),
                  [&](const std::string& b) { AppendJsonString(out, Base64Encode(b)); });
      return;
  }
}

void AppendItemJson(std::string& out, const Item& item) {
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, name);
    out.push_back(':');
    AppendAttributeValueJson(out, value);
  }
  out.push_back('}');
}

}  // namespace sb::protocol
