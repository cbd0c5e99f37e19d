#include "engine/expr/reserved_words.h"

#include <algorithm>
#include <array>
#include <string>

namespace sb::engine::expr {
namespace {

constexpr std::string_view kReservedWords[] = {
#include "engine/expr/reserved_words.inc"
};

}  // namespace

bool IsReservedWord(std::string_view word) {
  // The longest reserved word is short; anything longer cannot match.
  if (word.empty() || word.size() > 32) return false;
  std::string upper(word);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return std::binary_search(std::begin(kReservedWords), std::end(kReservedWords),
                            std::string_view(upper));
}

}  // namespace sb::engine::expr
