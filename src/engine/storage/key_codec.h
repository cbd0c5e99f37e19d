// Order-preserving byte encoding of key values (S, N, B), so that the unsigned-bytewise order
// of encodings (memcmp, then shorter first: SQLite's BLOB order) equals DynamoDB's order of the
// values, and sort-key conditions become range scans. Pure; thread-safe.
//
// Encoding (a tiny grammar; one key value; only multi-attribute keys, below, concatenate):
//   key_s  := utf8-bytes                     ; strings compare by UTF-8 bytes
//   key_b  := raw-bytes                      ; binaries compare as unsigned bytes
//   key_n  := 0x02                           ; zero
//           | 0x03 exp digits                ; positive
//           | 0x01 ~exp ~digits 0xFF         ; negative: each byte complemented, then 0xFF
//   exp    := byte(E + 129)                  ; value = 0.d1 d2 ... dn x 10^E, d1 != 0, dn != 0
//                                            ; E in [-129, 126] by DynamoDB's range
//   digits := { byte((d_i + 1) << 4 | (d_{i+1} + 1)) } [ byte((d_n + 1) << 4) ]
//                                            ; two digits per byte as nibbles 1..10, the last
//                                            ; low nibble 0 when n is odd
// Why it orders: for positives a larger E is larger; with equal E the mantissa digits compare
// lexicographically, and a pad nibble 0 (or an earlier end) sorts before any digit. Negatives
// reverse that order by complementing; the 0xFF terminator exceeds any complemented digit byte
// (digit bytes are >= 0x10, so complements are <= 0xEF), so a shorter negative mantissa
// (smaller magnitude) sorts after a longer one sharing its prefix.
//
// Multi-attribute keys (a GSI partition or sort key of 2 to 4 attributes: docs/engine.md)
// store one column value made of every attribute's encoding, each made self-delimiting:
//   composite := component { component }        ; in KeySchema order
//   component := escaped(key_s | key_n | key_b) 0x00 0x00
//   escaped   := each 0x00 byte written as 0x00 0xFF, every other byte as it is
// Why it orders component by component: escaping keeps the byte order of one value, and the
// terminator 0x00 0x00 sorts below anything a longer value could continue with (a byte >=
// 0x01, or an escaped 0x00 0xFF), so a value sorts before its extensions and two composites
// compare by their first differing component. So every key whose first k components equal
// given values shares one byte prefix (equality on k components is a prefix scan), and a
// range on component k+1 after that prefix is a range scan. A single-attribute key is never
// escaped: its encoding is the plain one above (existing data files stay valid).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/model/table.h"
#include "protocol/dynamodb/attribute_value.h"
#include "protocol/dynamodb/number.h"

namespace sb::engine::storage {

// REQUIRES: v has type S, N or B.
std::string EncodeKeyValue(const protocol::AttributeValue& v);
std::string EncodeNumberKey(const protocol::Number& n);

// One terminated component of a multi-attribute key.
std::string EncodeKeyComponent(const protocol::AttributeValue& v);
// The escaped bytes of `v` without the terminator: every component whose value begins with
// `v` (S and B: begins_with) begins with these bytes.
std::string EncodeKeyComponentPrefix(const protocol::AttributeValue& v);
// Just past every key whose next component equals `v`: escaped(v) 0x00 0x01. (An exclusive
// upper bound for "<= v", an inclusive lower bound for "> v", after a common prefix.)
std::string EncodeKeyComponentUpper(const protocol::AttributeValue& v);
// The column value of a key of `parts.size()` attributes: the plain encoding for one, the
// composite for more. REQUIRES: parts non-empty, each S, N or B.
std::string EncodeKeyParts(const std::vector<protocol::AttributeValue>& parts);
// Inverse of EncodeKeyParts for a composite of those types. Errors: code "corrupt".
Result<std::vector<protocol::AttributeValue>> DecodeKeyParts(
    const std::vector<ScalarType>& types, std::string_view bytes);

// Inverse of EncodeKeyValue for a value of type `type`. Errors: code "corrupt".
Result<protocol::AttributeValue> DecodeKeyValue(ScalarType type, std::string_view bytes);

}  // namespace sb::engine::storage
