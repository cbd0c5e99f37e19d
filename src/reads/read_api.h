// ReadApi: the read endpoints of Streamboard, one implementation for both transports (the web
// view of `streamboard up`, and the read function behind API Gateway / a Function URL).
// docs/read-api.md is the reference; in short, every answer is JSON:
//
//   GET /api/games?search=S&limit=N       games with an all-time board whose id contains S,
//                                         sorted, at most N (1..1000, default 100), each with
//                                         its total players when counts are kept
//   GET /api/windows?game=G               the configured window kinds, their current labels
//                                         and bounds, the retention
//   GET /api/top?game=G&window=W[&label=L]&limit=N[&page=T]
//                                         one page of the exact ranking (N 1..1000, default
//                                         100), with ranks, the total and the next page token
//   GET /api/rank?game=G&player=P[&around=K][&window=W][&label=L]
//                                         P's exact rank, the total, K (0..50, default 5)
//                                         neighbours on each side with their ranks
// W is all (default), daily, weekly or monthly and must be configured (WINDOWS); L a label of
// W's kind (d2026-12-05, w2026-W49, m2026-12; default: the current window) within the
// retention (WINDOW_RETENTION_DAYS).
// Errors: {"error":"<Code>","message":"..."} with 400 (bad input), 404 (NotRanked, NotFound,
// WindowExpired), 405 (a method other than GET/HEAD), 500 (the database failed). Messages
// quote inputs by a short prefix (base/quote.h).
//
// Thread-safety: Handle may be called from several threads at once; their reads overlap on the
// executor (the index must allow concurrent calls, as RankIndex requires).
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "function/executor.h"
#include "reads/rank_index.h"
#include "reads/rank_reader.h"
#include "reads/read_settings.h"

namespace sb::reads {

struct ApiAnswer {
  int status = 200;
  std::string body;  // JSON
};

class ReadApi {
 public:
  // All must outlive the api.
  ReadApi(RankIndex& index, function::Executor& executor, const ReadSettings& settings,
          const Clock& clock);

  // True for the paths this api serves (/api/games, /api/windows, /api/top, /api/rank).
  static bool Serves(std::string_view path);

  // `query` is the raw query string (no '?'), percent-encoded.
  ApiAnswer Handle(std::string_view method, std::string_view path, std::string_view query);

 private:
  RankIndex& index_;
  const ReadSettings settings_;
  const Clock& clock_;
  RankReader reader_;
};

}  // namespace sb::reads
