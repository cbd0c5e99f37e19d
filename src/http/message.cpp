#include "http/message.h"

#include <algorithm>

namespace sb::http {

namespace {
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

void Headers::Add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::Set(std::string name, std::string value) {
  auto first = std::find_if(entries_.begin(), entries_.end(),
                            [&](const auto& e) { return EqualsIgnoreCase(e.first, name); });
  if (first == entries_.end()) {
    entries_.emplace_back(std::move(name), std::move(value));
    return;
  }
  // Keep the position of the first occurrence; drop the later ones.
  first->first = std::move(name);
  first->second = std::move(value);
  const std::string& kept = first->first;
  auto rest = std::remove_if(first + 1, entries_.end(),
                             [&](const auto& e) { return EqualsIgnoreCase(e.first, kept); });
  entries_.erase(rest, entries_.end());
}

size_t Headers::Remove(std::string_view name) {
  auto rest = std::remove_if(entries_.begin(), entries_.end(),
                             [&](const auto& e) { return EqualsIgnoreCase(e.first, name); });
  size_t removed = static_cast<size_t>(entries_.end() - rest);
  entries_.erase(rest, entries_.end());
  return removed;
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& e : entries_) {
    if (EqualsIgnoreCase(e.first, name)) return std::string_view(e.second);
  }
  return std::nullopt;
}

}  // namespace sb::http
