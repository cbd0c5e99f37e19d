// Raw JSON in an operation's response: texts an operation already holds as JSON (the stream
// records GetRecords returns, serialized once when they were written; GetItem's item, written
// directly as text by protocol/dynamodb/item_json.h) go to the client byte for byte instead
// of being parsed into, or built as, a document and serialized again.
//
// How: the operation puts the texts, each as a JSON string, in an array under the member name
// RawArrayKey("<Member>"), or one text under RawValueKey("<Member>"); ResponseText, which
// the dispatcher uses to write every response, writes that member as
// `"<Member>":[<text>,<text>,...]` or `"<Member>":<text>`, the texts spliced unchanged.
// Every other member is written as boost::json::serialize writes it. Only top-level members
// may be raw. The marked names start with a NUL byte, which no member name an operation
// writes for DynamoDB or DynamoDB Streams contains.
//
// REQUIRES of the operation: each text is one complete JSON value (the response stays valid
// JSON only if each text is). Pure; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace sb::engine::ops {

inline constexpr std::string_view kRawArrayPrefix{"\0raw:", 5};
inline constexpr std::string_view kRawValuePrefix{"\0rawvalue:", 10};

// The member name under which an operation puts the texts of raw array `member`.
inline std::string RawArrayKey(std::string_view member) {
  return std::string(kRawArrayPrefix) + std::string(member);
}

// The member name under which an operation puts the one text of raw member `member`.
inline std::string RawValueKey(std::string_view member) {
  return std::string(kRawValuePrefix) + std::string(member);
}

// The response text of `response`, raw arrays spliced (see the top of the file).
inline std::string ResponseText(const boost::json::object& response) {
  std::string out = "{";
  bool first = true;
  for (const auto& member : response) {
    if (!first) out += ',';
    first = false;
    std::string_view key = member.key();
    if (key.starts_with(kRawValuePrefix) && member.value().is_string()) {
      out += boost::json::serialize(boost::json::string_view(key.substr(kRawValuePrefix.size())));
      out += ':';
      out += member.value().get_string();
      continue;
    }
    const bool raw = key.starts_with(kRawArrayPrefix) && member.value().is_array();
    if (!raw) {
      out += boost::json::serialize(boost::json::string_view(key));
      out += ':';
      out += boost::json::serialize(member.value());
      continue;
    }
    out += boost::json::serialize(boost::json::string_view(key.substr(kRawArrayPrefix.size())));
    out += ":[";
    bool first_text = true;
    for (const auto& text : member.value().get_array()) {
      if (!first_text) out += ',';
      first_text = false;
      out += text.as_string();  // a non-string element throws: the dispatcher answers 500
    }
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace sb::engine::ops
