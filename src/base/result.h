// Result<T, E>: a value or an error, for module boundaries (GCC 12 in C++20 has no
// std::expected). Error is the plain error of base; DynamoDB-facing code uses
// protocol::ApiError as E. Thread-compatible: const methods may be called concurrently.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace sb {

// A plain error: a short machine-readable code and a human message.
struct Error {
  std::string code;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

inline Error MakeError(std::string code, std::string message) {
  return Error{std::move(code), std::move(message)};
}

// Wraps an error so that Result's constructors are unambiguous even when T and E coincide.
template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected<std::decay_t<E>> Fail(E&& error) {
  return {std::forward<E>(error)};
}

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <class U>
  Result(Unexpected<U> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT
  Result(E error) requires(!std::is_same_v<T, E>)  // NOLINT
      : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok().
  const E& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  E&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, E> v_;
};

// Status: success or an error; Result without a value.
template <class E = Error>
class [[nodiscard]] BasicStatus {
 public:
  BasicStatus() = default;
  BasicStatus(E error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  template <class U>
  BasicStatus(Unexpected<U> e) : error_(std::move(e.error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok().
  const E& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};
using Status = BasicStatus<Error>;

}  // namespace sb

// Propagates an error from an expression yielding Result or Status.
#define SB_TRY_STATUS(expr)                       \
  do {                                            \
    auto sb_try_status_ = (expr);                 \
    if (!sb_try_status_.ok()) {                   \
      return ::sb::Fail(sb_try_status_.error());  \
    }                                             \
  } while (0)

#define SB_CONCAT_INNER_(a, b) a##b
#define SB_CONCAT_(a, b) SB_CONCAT_INNER_(a, b)
// SB_ASSIGN_OR_RETURN(auto x, ExprReturningResult()); propagates the error.
#define SB_ASSIGN_OR_RETURN(lhs, expr) SB_ASSIGN_OR_RETURN_IMPL_(SB_CONCAT_(sb_r_, __LINE__), lhs, expr)
#define SB_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return ::sb::Fail(std::move(tmp).error()); \
  lhs = std::move(tmp).value()
