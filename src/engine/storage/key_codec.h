// Order-preserving byte encoding of key values (S, N, B), so that the unsigned-bytewise order
// of encodings (memcmp, then shorter first: SQLite's BLOB order) equals DynamoDB's order of the
// values, and sort-key conditions become range scans. Pure; thread-safe.
//
// Encoding (a tiny grammar; one key value, never concatenated with another in one column):
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
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "engine/model/table.h"
#include "protocol/dynamodb/attribute_value.h"
#include "protocol/dynamodb/number.h"

namespace sb::engine::storage {

// REQUIRES: v has type S, N or B.
std::string EncodeKeyValue(const protocol::AttributeValue& v);
std::string EncodeNumberKey(const protocol::Number& n);

// Inverse of EncodeKeyValue for a value of type `type`. Errors: code "corrupt".
Result<protocol::AttributeValue> DecodeKeyValue(ScalarType type, std::string_view bytes);

}  // namespace sb::engine::storage
