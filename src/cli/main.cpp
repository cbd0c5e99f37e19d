// streamboard: the one binary users type. The composition root: only here (and in each
// command's callback) is the environment read and are concrete objects built.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"streamboard: an event-driven leaderboard on DynamoDB Streams and Lambda"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "streamboard 0.1.0");
  sb::cli::RegisterEngine(app);
  sb::cli::RegisterScore(app);
  sb::cli::RegisterTop(app);
  sb::cli::RegisterRank(app);
  sb::cli::RegisterReconcile(app);
  sb::cli::RegisterSimulate(app);
  sb::cli::RegisterTrigger(app);
  sb::cli::RegisterUp(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "streamboard: %s (see --help)\n", e.what());
    return 2;
  } catch (const sb::cli::CliError& e) {
    std::fprintf(stderr, "streamboard: %s\n", e.what());
    return e.code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "streamboard: internal error: %s\n", e.what());
    return 70;
  }
  return 0;
}
