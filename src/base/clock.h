// Time seams: Clock (wall and monotonic time) and Sleeper, with real implementations and
// fakes that tests advance by hand. Real* are thread-safe; fakes are thread-safe too.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the UNIX epoch (wall time; may jump).
  virtual int64_t NowUnixMillis() const = 0;
  // Monotonic nanoseconds from an arbitrary origin; never goes back.
  virtual int64_t MonotonicNanos() const = 0;
};

class RealClock final : public Clock {
 public:
  int64_t NowUnixMillis() const override;
  int64_t MonotonicNanos() const override;
  static RealClock& Instance();
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_millis = 1'700'000'000'000) : millis_(unix_millis) {}
  int64_t NowUnixMillis() const override { return millis_.load(); }
  int64_t MonotonicNanos() const override { return millis_.load() * 1'000'000; }
  void Advance(std::chrono::milliseconds d) { millis_ += d.count(); }
  void Set(int64_t unix_millis) { millis_ = unix_millis; }

 private:
  std::atomic<int64_t> millis_;
};

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds d) = 0;
};

class RealSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds d) override;
  static RealSleeper& Instance();
};

// Records requested sleeps and advances an optional FakeClock instead of sleeping.
class FakeSleeper final : public Sleeper {
 public:
  explicit FakeSleeper(FakeClock* clock = nullptr) : clock_(clock) {}
  void SleepFor(std::chrono::milliseconds d) override {
    total_ms_ += d.count();
    ++calls_;
    if (clock_ != nullptr) clock_->Advance(d);
  }
  int64_t total_ms() const { return total_ms_.load(); }
  int calls() const { return calls_.load(); }

 private:
  FakeClock* clock_;
  std::atomic<int64_t> total_ms_{0};
  std::atomic<int> calls_{0};
};

// ISO-8601 UTC with milliseconds, e.g. "2026-11-25T21:00:00.123Z".
std::string FormatIso8601Millis(int64_t unix_millis);

}  // namespace sb
