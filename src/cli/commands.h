// The `streamboard` subcommands. Each Register* adds one subcommand (with its options and
// its callback) to the app; main() wires them. Callbacks throw CliError for a one-line
// user-facing error; main() prints it as "streamboard: <message>" and exits with its code.
#pragma once

#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>

namespace sb::cli {

struct CliError : std::runtime_error {
  CliError(const std::string& message, int exit_code = 1)
      : std::runtime_error(message), code(exit_code) {}
  int code;
};

void RegisterEngine(CLI::App& app);
void RegisterScore(CLI::App& app);
void RegisterTop(CLI::App& app);
void RegisterRank(CLI::App& app);
void RegisterReconcile(CLI::App& app);
void RegisterSimulate(CLI::App& app);
void RegisterTrigger(CLI::App& app);
void RegisterUp(CLI::App& app);

}  // namespace sb::cli
