// The engine's HTTP front-door flags, shared by `streamboard engine` and `streamboard up`
// (docs/engine.md, "The HTTP server"): connection limit, timeouts, body cap, allowed hosts,
// signature checks. Defined in engine_command.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/server/engine.h"

namespace sb::cli {

struct EngineHttpFlags {
  size_t max_connections = 16384;
  size_t max_body_bytes = 16 * 1024 * 1024;
  double header_timeout_seconds = 10;
  double body_timeout_seconds = 60;
  double idle_timeout_seconds = 60;
  std::vector<std::string> allow_hosts;
  bool verify_signatures = false;
};

// Adds --max-connections, --max-body-bytes, --header-timeout, --body-timeout,
// --idle-timeout, --allow-host (repeatable) and --verify-signatures to `cmd`.
void AddEngineHttpFlags(CLI::App* cmd, EngineHttpFlags* flags);

// Checks the values (CliError on a bad one) and fills options->http and options->dispatch.
// With --verify-signatures, the accepted keys are AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
// from the environment (required when `own_keys` is empty) plus `own_keys` (id, secret): the
// credentials a command gives its own clients.
void ApplyEngineHttpFlags(const EngineHttpFlags& flags,
                          const std::vector<std::pair<std::string, std::string>>& own_keys,
                          engine::server::EngineOptions* options);

}  // namespace sb::cli
